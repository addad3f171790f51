package io.jobqueue.beanstalkd.client;

/** The reply to {@code release}. */
public enum ReleaseResult {
    /** {@code RELEASED}: the job is ready (or delayed) again. */
    RELEASED,
    /** {@code BURIED}: the server ran out of memory growing its priority queue and buried the job instead. */
    BURIED,
    /** {@code NOT_FOUND}: the job does not exist or is not reserved by this connection. */
    NOT_FOUND
}
