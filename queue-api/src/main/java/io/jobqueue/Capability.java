package io.jobqueue;

/**
 * What a backend can do beyond the lifecycle every backend honours. The contract suite skips, with the
 * reason, the tests of a capability a backend does not declare.
 */
public enum Capability {
    /** Operations under an expired reservation fail even after another worker reserved the job. */
    FENCING,
    /** Jobs can be added through the caller's own JDBC transaction. */
    TRANSACTIONAL_ADD,
    /** A reason given to bury is stored and read back with the job. */
    BURY_REASON,
    /** Several processes can work one queue (not an in-memory database private to one process). */
    SHARED_BETWEEN_PROCESSES
}
