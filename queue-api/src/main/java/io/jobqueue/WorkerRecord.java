package io.jobqueue;

import java.time.Instant;

/**
 * A worker process as the registry holds it ({@link JobQueue#listWorkers}): what its last heartbeat said, when
 * that was by the backend's clock, and whether it is alive: seen within {@link WorkerInfo#deadAfter()} of the
 * moment it was read. A worker that stops cleanly removes itself; a dead one stays listed, dead, until it has
 * been silent for {@link JobQueue#FORGET_DEAD_WORKERS_AFTER}.
 */
public record WorkerRecord(WorkerInfo worker, Instant lastSeen, boolean alive) {}
