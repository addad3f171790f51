package io.jobqueue;

/**
 * Root of every exception the queue throws. Unchecked: callers catch the subclass they can act on.
 *
 * <ul>
 *   <li>{@link InvalidInputException}: the request was refused before anything was stored;</li>
 *   <li>{@link NoSuchJobException}: the job id names no job (or none in the state the operation needs);</li>
 *   <li>{@link ReservationLostException}: the caller's reservation expired (fencing); nothing changed;</li>
 *   <li>{@link BackendException}: the backend failed (connection lost, server error); the operation may be retried.</li>
 * </ul>
 */
public class JobQueueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobQueueException(String message) {
        super(message);
    }

    public JobQueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
