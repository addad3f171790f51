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
    SHARED_BETWEEN_PROCESSES,
    /** A job can be read without reserving it: by id, and the next ready, delayed or buried one. */
    PEEK,
    /** A job nobody holds (ready, delayed, buried) can be deleted by its id. */
    DELETE_BY_ID,
    /** One buried or delayed job can be kicked by its id. */
    KICK_BY_ID,
    /**
     * Reserve follows the exact unsigned 32-bit priority, lowest first, across all watched pipelines, and a
     * released job keeps its place among equal priorities.
     */
    PRIORITY_ORDER,
    /** Counts of reserved jobs include jobs reserved by every worker, in any process. */
    RESERVED_COUNT,
    /**
     * A pipeline can be paused and resumed: reserves in every process skip a paused pipeline's jobs at once, adds
     * still succeed.
     */
    PAUSE,
    /** A job can carry a {@link UniqueKey}: a second add with a live key returns the holder's id, atomically. */
    UNIQUE_JOBS,
    /**
     * The jobs of a pipeline in one state (ready, delayed, reserved or buried) can be listed page by page, in id
     * order, without reserving them; a peek reads only the next one.
     */
    LIST_BY_STATE,
    /**
     * Worker processes can record themselves ({@link JobQueue#heartbeat}) where every process sharing the queue
     * reads them back ({@link JobQueue#listWorkers}), each alive or dead by when it was last seen.
     */
    WORKER_REGISTRY,
    /**
     * Recurring jobs ({@link Schedule}) are held by the backend, and each occurrence is enqueued once however many
     * processes run the scheduler: the schedule's next run moves and its job is added in one atomic step that
     * only one process wins.
     */
    SCHEDULES,
    /**
     * A pipeline can be limited to N jobs running at once and R started per second, counted across every process
     * and enforced by the backend's reserve ({@link JobQueue#setLimits}).
     */
    PIPELINE_LIMITS
}
