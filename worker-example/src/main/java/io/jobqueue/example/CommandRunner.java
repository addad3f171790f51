package io.jobqueue.example;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program: its arguments as a list, never through a shell, so nothing in an argument is
 * interpreted. The program gets an empty standard input; its standard output and error are read as it writes
 * them (so it never blocks on a full pipe) and the first {@code maxCaptureBytes} of each are kept. A program
 * still running at the timeout is killed with everything it started (SIGKILL, children first found, then the
 * program). Thread-safe: each run has threads of its own to read the two streams.
 */
final class CommandRunner {
    static final int DEFAULT_MAX_CAPTURE_BYTES = 64 * 1024;
    static final int MAX_CAPTURE_BYTES = 16 * 1024 * 1024;
    /** How long the stream readers may take to see the end of a stream once the program is gone. */
    static final Duration DRAIN_GRACE = Duration.ofSeconds(1);
    private static final File NO_INPUT = new File("/dev/null");

    private final Duration timeout;
    private final int maxCaptureBytes;

    CommandRunner(Duration timeout) {
        this(timeout, DEFAULT_MAX_CAPTURE_BYTES);
    }

    CommandRunner(Duration timeout, int maxCaptureBytes) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("command timeout must be positive, got " + timeout);
        }
        if (maxCaptureBytes < 0 || maxCaptureBytes > MAX_CAPTURE_BYTES) {
            throw new IllegalArgumentException("maxCaptureBytes must be from 0 to " + MAX_CAPTURE_BYTES + ", got "
                    + maxCaptureBytes);
        }
        this.timeout = timeout;
        this.maxCaptureBytes = maxCaptureBytes;
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * Runs {@code command} (program first) and waits for it, at most the timeout.
     *
     * @throws CommandException when the program cannot be started (missing, not executable)
     * @throws InterruptedException when this thread is interrupted; the program is killed first
     */
    CommandResult run(List<String> command) throws InterruptedException {
        List<String> argv = checked(command);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(NO_INPUT);
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CommandException("cannot run '" + argv.get(0) + "': " + reason(e), e);
        }
        Capture out = new Capture(process.getInputStream(), maxCaptureBytes, "stdout of " + argv.get(0));
        Capture err = new Capture(process.getErrorStream(), maxCaptureBytes, "stderr of " + argv.get(0));
        boolean exited;
        try {
            exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            out.abandon();
            err.abandon();
            throw e;
        }
        if (!exited) {
            killTree(process);
            process.waitFor(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        out.finish();
        err.finish();
        int exitCode = process.isAlive() ? -1 : process.exitValue();
        return new CommandResult(argv, exitCode, !exited, out.text(), err.text(), out.truncated(), err.truncated(),
                took);
    }

    private static List<String> checked(List<String> command) {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least a program");
        }
        for (String arg : command) {
            if (arg == null || arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a command's arguments must not be null or hold NUL: " + command);
            }
        }
        if (command.get(0).isBlank()) {
            throw new IllegalArgumentException("a command's program must not be blank");
        }
        return List.copyOf(command);
    }

    /**
     * Kills the program and every process it started that is still its descendant. Descendants are listed
     * before the program dies (after that they belong to init), and each one's own are listed before it dies.
     */
    static void killTree(Process process) {
        List<ProcessHandle> descendants = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        for (ProcessHandle handle : descendants) {
            List<ProcessHandle> below = handle.descendants().toList();
            handle.destroyForcibly();
            below.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The JDK's message without its "Cannot run program" preamble: "No such file or directory", say. */
    private static String reason(IOException e) {
        String message = String.valueOf(e.getMessage());
        int error = message.indexOf("error=");
        if (error >= 0) {
            int comma = message.indexOf(", ", error);
            return comma >= 0 ? message.substring(comma + 2) : message.substring(error);
        }
        return message;
    }

    /** Reads one stream to its end on a thread of its own, keeping its first bytes. */
    private static final class Capture {
        private final InputStream in;
        private final int max;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread reader;
        private long total;

        Capture(InputStream in, int max, String name) {
            this.in = in;
            this.max = max;
            this.reader = new Thread(this::readAll, name);
            reader.setDaemon(true);
            reader.start();
        }

        private void readAll() {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (this) {
                        int room = (int) Math.max(0, Math.min(n, max - total));
                        kept.write(buffer, 0, room);
                        total += n;
                    }
                }
            } catch (IOException e) {
                // closed by abandon(), or the pipe broke: what was read is kept
            }
        }

        /**
         * Waits for the end of the stream. A process that escaped the kill (one that left its process group
         * and its parent) may hold the pipe open: after the grace period the stream is closed under it.
         */
        void finish() throws InterruptedException {
            reader.join(DRAIN_GRACE.toMillis());
            if (reader.isAlive()) {
                abandon();
                reader.join(DRAIN_GRACE.toMillis());
            }
        }

        void abandon() {
            try {
                in.close();
            } catch (IOException e) {
                // nothing more to read either way
            }
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }

        synchronized boolean truncated() {
            return total > max;
        }
    }
}
