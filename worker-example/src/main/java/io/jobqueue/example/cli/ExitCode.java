package io.jobqueue.example.cli;

/**
 * The exit codes of {@code jobqueue}, for scripts. Each has a fixed meaning on every command and every backend.
 */
public final class ExitCode {
    /** Done. */
    public static final int OK = 0;
    /** What the command names is not there: no job with that id (in a state the command applies to), nothing to peek, no such schedule. */
    public static final int NOT_FOUND = 1;
    /** A command line the program cannot run, or input it refuses: an unknown option, a bad value, a bad line. Nothing changed. */
    public static final int USAGE = 2;
    /** The backend failed: it cannot be reached, or it answered with an error. The command may be retried. */
    public static final int BACKEND = 3;
    /** The backend lacks the capability the command needs (limits on beanstalkd, say). Nothing changed. */
    public static final int MISSING_CAPABILITY = 4;
    /** The job is held by a worker (reserved), so it cannot be deleted or kicked now. Nothing changed. */
    public static final int CONFLICT = 5;

    private ExitCode() {}
}
