package io.jobqueue;

/** The states of the job lifecycle, identical on every backend. */
public enum JobState {
    /** Waiting to be reserved. */
    READY,
    /** Waiting for its delay to pass; then READY. */
    DELAYED,
    /** Held by a worker until it deletes, releases or buries it, or until its TTR expires. */
    RESERVED,
    /** Put aside (the dead letter); only a kick makes it READY again. */
    BURIED
}
