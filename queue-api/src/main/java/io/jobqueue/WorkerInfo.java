package io.jobqueue;

import io.jobqueue.internal.PipelineNames;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a worker process says about itself in each heartbeat ({@link JobQueue#heartbeat}): who it is, what it
 * works on, its pool now and its counts since it started.
 *
 * @param id a name unique among the processes sharing the queue, at most {@value #MAX_ID_LENGTH} characters
 * @param host the host it runs on, at most {@value #MAX_HOST_LENGTH} characters
 * @param pid its process id
 * @param pipelines the pipelines it reserves from
 * @param handlers handler threads now
 * @param busyHandlers handler threads running a job now
 * @param succeeded jobs whose handler returned normally, since it started
 * @param failed jobs whose handler threw, since it started
 * @param started when it started
 * @param heartbeatInterval how often it records a heartbeat; missing three in a row marks it dead
 */
public record WorkerInfo(String id, String host, long pid, List<String> pipelines, int handlers, int busyHandlers,
        long succeeded, long failed, Instant started, Duration heartbeatInterval) {
    public static final int MAX_ID_LENGTH = 100;
    public static final int MAX_HOST_LENGTH = 255;
    /** Heartbeats a worker may miss before it is shown dead. */
    public static final int MISSED_HEARTBEATS = 3;

    /** @throws InvalidInputException naming what is wrong; nothing is recorded then */
    public WorkerInfo {
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new InvalidInputException("worker id must be 1 to " + MAX_ID_LENGTH + " characters, not blank");
        }
        if (host == null || host.isBlank() || host.length() > MAX_HOST_LENGTH) {
            throw new InvalidInputException("worker host must be 1 to " + MAX_HOST_LENGTH + " characters, not blank");
        }
        if (pid < 0) {
            throw new InvalidInputException("worker pid must not be negative, got " + pid);
        }
        if (pipelines == null) {
            throw new InvalidInputException("worker pipelines must not be null");
        }
        pipelines.forEach(PipelineNames::check);
        pipelines = List.copyOf(pipelines);
        if (handlers < 0 || busyHandlers < 0 || busyHandlers > handlers) {
            throw new InvalidInputException("worker handlers must be 0 or more, busy ones at most all of them; got "
                    + busyHandlers + " busy of " + handlers);
        }
        if (succeeded < 0 || failed < 0) {
            throw new InvalidInputException("worker counts must not be negative");
        }
        Objects.requireNonNull(started, "started");
        if (heartbeatInterval == null || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new InvalidInputException("worker heartbeatInterval must be positive, got " + heartbeatInterval);
        }
    }

    /** How long after its last heartbeat the worker counts as dead: {@value #MISSED_HEARTBEATS} intervals. */
    public Duration deadAfter() {
        return heartbeatInterval.multipliedBy(MISSED_HEARTBEATS);
    }
}
