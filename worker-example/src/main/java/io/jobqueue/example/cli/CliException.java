package io.jobqueue.example.cli;

/** A command that cannot be done, with the {@link ExitCode} it ends with and a message for the user. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
