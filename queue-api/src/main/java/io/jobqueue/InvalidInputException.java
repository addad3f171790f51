package io.jobqueue;

/** Bad input (an illegal pipeline name, an oversize payload, a negative delay, ...). Nothing was stored. */
public class InvalidInputException extends JobQueueException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
