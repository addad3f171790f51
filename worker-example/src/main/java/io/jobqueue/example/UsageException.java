package io.jobqueue.example;

/** A command line the program cannot run: an unknown command or option, a missing or malformed value. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
