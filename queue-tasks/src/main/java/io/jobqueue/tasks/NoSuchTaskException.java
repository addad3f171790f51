package io.jobqueue.tasks;

import io.jobqueue.JobQueueException;

/** No task has this id (it never existed, or was pruned). */
public class NoSuchTaskException extends JobQueueException {
    private final long taskId;

    public NoSuchTaskException(long taskId) {
        super("no task " + taskId);
        this.taskId = taskId;
    }

    public long taskId() {
        return taskId;
    }
}
