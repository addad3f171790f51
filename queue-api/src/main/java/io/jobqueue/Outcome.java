package io.jobqueue;

/** What an operation on one job did. */
public enum Outcome {
    /** The operation took effect. */
    DONE,
    /** No such job, or the job is not in a state the operation applies to. Nothing changed. */
    NOT_FOUND,
    /** The caller's reservation expired or the job is held by another worker. Nothing changed. */
    RESERVATION_LOST
}
