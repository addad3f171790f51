package io.jobqueue;

/** The backend failed: a lost connection, a server error, a timeout. The operation may be retried. */
public class BackendException extends JobQueueException {
    private static final long serialVersionUID = 1L;

    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
