package io.jobqueue.example.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether standard error is a terminal, where a progress bar may redraw itself. */
final class Terminal {
    private Terminal() {}

    /**
     * True when file descriptor 2 is a terminal device. Java 17 has no isatty; on Linux /proc tells, and elsewhere
     * this says false, so the progress prints plain lines, which is correct on any stream.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
