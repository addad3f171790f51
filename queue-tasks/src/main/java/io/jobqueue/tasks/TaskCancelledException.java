package io.jobqueue.tasks;

import io.jobqueue.JobQueueException;

/** A stage tried to fan out after its task was cancelled or had failed; the stage ends without a result. */
public class TaskCancelledException extends JobQueueException {
    private final long taskId;

    public TaskCancelledException(long taskId, String message) {
        super(message);
        this.taskId = taskId;
    }

    public long taskId() {
        return taskId;
    }
}
