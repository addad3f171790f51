package io.jobqueue.example;

/** An external command could not be run at all: the program is missing or not executable. */
final class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
