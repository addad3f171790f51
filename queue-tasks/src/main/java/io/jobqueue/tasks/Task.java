package io.jobqueue.tasks;

import java.time.Instant;
import java.util.Optional;

/**
 * A task as read from the task store.
 *
 * @param id the task's id, unique within the store
 * @param name the task's name (its definition)
 * @param params the params as JSON
 * @param status where the task is in its life
 * @param result the last stage's result as JSON, once completed (else null)
 * @param error the last failure: the exception, its message and stack trace (null when none failed)
 * @param attempts how many times a stage of this task has started, retries and repeats included
 * @param parentId the task that fanned this one out, or null
 * @param stage the index of the current (or last) stage, from 0
 * @param progress the children of all its stages
 * @param createdAt when it was queued
 * @param updatedAt when its row last changed
 * @param startedAt when its first stage first started, or null
 * @param finishedAt when it completed, failed or was cancelled, or null
 */
public record Task(
        long id,
        String name,
        String params,
        TaskStatus status,
        String result,
        String error,
        int attempts,
        Long parentId,
        int stage,
        Progress progress,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt) {

    /** The params read into {@code type}. */
    public <T> T paramsAs(Class<T> type) {
        return TaskJson.read(params, type);
    }

    /** The result read into {@code type}; empty until the task has completed (or when the result was null). */
    public <T> Optional<T> resultAs(Class<T> type) {
        return result == null ? Optional.empty() : Optional.ofNullable(TaskJson.read(result, type));
    }

    public Optional<Long> parent() {
        return Optional.ofNullable(parentId);
    }
}
