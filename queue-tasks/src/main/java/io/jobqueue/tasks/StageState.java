package io.jobqueue.tasks;

import java.time.Instant;

/**
 * The stored state of one stage of a task. A stage has a row of its own when its task has more than one stage
 * or when it fanned out; a one-stage task without children keeps its state on the task alone.
 *
 * @param taskId the task
 * @param index the stage's index, from 0
 * @param name the stage's name
 * @param status {@code STARTED} while its handler runs, {@code WAITING} for children, then {@code COMPLETED},
 *     {@code FAILED} or {@code CANCELLED}
 * @param result the handler's result as JSON, once it returned
 * @param progress the children it fanned out
 * @param startedAt when it first started
 * @param finishedAt when it finished, or null
 */
public record StageState(
        long taskId,
        int index,
        String name,
        TaskStatus status,
        String result,
        Progress progress,
        Instant startedAt,
        Instant finishedAt) {

    /** The result read into {@code type}, or null. */
    public <T> T resultAs(Class<T> type) {
        return result == null ? null : TaskJson.read(result, type);
    }
}
