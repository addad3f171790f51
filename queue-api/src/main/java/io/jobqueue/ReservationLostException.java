package io.jobqueue;

/**
 * Fencing: the caller's reservation of the job has expired (its TTR ran out, and the job may now be reserved
 * by another worker), or the job is reserved by someone else. The operation changed nothing.
 */
public class ReservationLostException extends JobQueueException {
    private static final long serialVersionUID = 1L;
    private final long jobId;

    public ReservationLostException(long jobId, String message) {
        super(message);
        this.jobId = jobId;
    }

    public long jobId() {
        return jobId;
    }
}
