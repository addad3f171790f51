package io.jobqueue;

/** The job does not exist (deleted, never created) or is not in a state the operation applies to. */
public class NoSuchJobException extends JobQueueException {
    private static final long serialVersionUID = 1L;
    private final long jobId;

    public NoSuchJobException(long jobId, String message) {
        super(message);
        this.jobId = jobId;
    }

    public long jobId() {
        return jobId;
    }
}
