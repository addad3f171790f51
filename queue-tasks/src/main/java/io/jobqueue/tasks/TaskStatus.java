package io.jobqueue.tasks;

/**
 * Where a task is in its life. A task moves forward only: {@code QUEUED → STARTED → (WAITING ↔ STARTED) →
 * COMPLETED | FAILED | CANCELLED}; {@link TaskManager#retry} takes a failed task back to {@code QUEUED} or
 * {@code WAITING}.
 */
public enum TaskStatus {
    /** Added; its first stage has not started yet. */
    QUEUED,
    /** A stage is running, or is queued to run after the previous one finished, or is waiting for a retry. */
    STARTED,
    /** A stage's handler has returned; the children it fanned out have not all finished. */
    WAITING,
    /** The last stage finished; {@link Task#result()} holds its result. */
    COMPLETED,
    /** A stage failed on its last attempt, or a child failed under {@link ChildFailure#FAIL_TASK}. */
    FAILED,
    /** Cancelled before it finished: it does not start, and its children that had not started never start. */
    CANCELLED;

    /** True for the statuses a task never leaves on its own. */
    public boolean isFinished() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
