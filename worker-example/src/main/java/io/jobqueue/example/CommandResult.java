package io.jobqueue.example;

import java.time.Duration;
import java.util.List;

/**
 * What one run of an external command did.
 *
 * @param command the program and its arguments, as run
 * @param exitCode the exit code; after a timeout, the code of the killed process (137 for SIGKILL on Linux)
 * @param timedOut whether the command was killed because it ran past its timeout
 * @param stdout standard output as UTF-8, its first {@code maxCaptureBytes} bytes only
 * @param stderr standard error, likewise
 * @param stdoutTruncated whether the command wrote more to standard output than was kept
 * @param stderrTruncated whether it wrote more to standard error than was kept
 * @param took from start to exit (or to the kill)
 */
record CommandResult(
        List<String> command,
        int exitCode,
        boolean timedOut,
        String stdout,
        String stderr,
        boolean stdoutTruncated,
        boolean stderrTruncated,
        Duration took) {

    CommandResult {
        command = List.copyOf(command);
    }

    /** Exited by itself, with code 0. */
    boolean succeeded() {
        return !timedOut && exitCode == 0;
    }
}
