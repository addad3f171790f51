package io.jobqueue.beanstalkd;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A beanstalkd server for tests: either a {@code beanstalkd} process started on a free port of 127.0.0.1,
 * or, when the environment variable {@value #ENVIRONMENT_VARIABLE} is set to {@code host:port}, that
 * server (never started or stopped here).
 *
 * <p>A test class gets one for all its tests through {@link BeanstalkdServerExtension}; a test that needs a
 * server of its own (to restart it, signal it, or start it with other arguments) calls {@link #start}.
 *
 * If the binary is missing and the variable is not set, starting fails (it does not skip) with a message
 * saying to run {@value #INSTALL_COMMAND}.
 */
public final class BeanstalkdProcess implements AutoCloseable {

    /** {@code host:port} of an already running beanstalkd to use instead of starting one. */
    public static final String ENVIRONMENT_VARIABLE = "JOBQUEUE_TEST_BEANSTALKD";
    /** How to get the binary on Debian and Ubuntu. */
    public static final String INSTALL_COMMAND = "apt-get install -y beanstalkd";

    private static final String HOST = "127.0.0.1";
    private static final long START_TIMEOUT_MILLIS = 10_000;
    private static final int PORT_ATTEMPTS = 5;

    private final String host;
    private final int port;
    private final Path binary;
    private final List<String> extraArguments;
    private Process process;
    private Path log;

    private BeanstalkdProcess(String host, int port, Path binary, List<String> extraArguments) {
        this.host = host;
        this.port = port;
        this.binary = binary;
        this.extraArguments = extraArguments;
    }

    /** The server named by {@value #ENVIRONMENT_VARIABLE} if set, else a new local process. */
    public static BeanstalkdProcess startOrUseEnvironment() {
        String configured = System.getenv(ENVIRONMENT_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return external(configured.trim());
        }
        return start();
    }

    /**
     * Starts a local beanstalkd on a free port, with extra command-line arguments (e.g. {@code "-z", "1024"}).
     *
     * @throws IllegalStateException if the binary is missing or the server does not come up
     */
    public static BeanstalkdProcess start(String... extraArguments) {
        Path binary = findBinary().orElseThrow(() -> new IllegalStateException(
                "beanstalkd is not installed (looked for it on PATH and in /usr/bin, /usr/sbin, /usr/local/bin). "
                        + "Install it with `" + INSTALL_COMMAND + "`, or set " + ENVIRONMENT_VARIABLE
                        + "=host:port to use a running server."));
        IllegalStateException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            BeanstalkdProcess server = new BeanstalkdProcess(HOST, freePort(), binary, List.of(extraArguments));
            try {
                server.launch();
                return server;
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private static BeanstalkdProcess external(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalStateException(ENVIRONMENT_VARIABLE + " must be host:port, was " + hostAndPort);
        }
        String host = hostAndPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new BeanstalkdProcess(host, Integer.parseInt(hostAndPort.substring(colon + 1)), null, List.of());
    }

    /** The beanstalkd binary on PATH or in the usual directories. */
    public static Optional<Path> findBinary() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                    .forEach(dir -> candidates.add(Path.of(dir, "beanstalkd")));
        }
        Stream.of("/usr/bin", "/usr/sbin", "/usr/local/bin").forEach(dir -> candidates.add(Path.of(dir, "beanstalkd")));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** {@code beanstalkd://host:port}. */
    public String url() {
        return "beanstalkd://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** True for a server named by {@value #ENVIRONMENT_VARIABLE}, which this class cannot stop or restart. */
    public boolean isExternal() {
        return binary == null;
    }

    /** The version printed by {@code beanstalkd -v} (e.g. {@code "1.12"}); empty for an external server. */
    public Optional<String> version() {
        if (isExternal()) {
            return Optional.empty();
        }
        try {
            Process v = new ProcessBuilder(binary.toString(), "-v").redirectErrorStream(true).start();
            String output = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            v.waitFor(5, TimeUnit.SECONDS);
            return Optional.of(output.replaceFirst("^beanstalkd\\s+", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the process and starts a new one on the same port: all jobs are gone, all connections cut. */
    public void restart() {
        requireLocal("restart");
        stop();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                launch();
                return;
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Sends a signal to the process, e.g. {@code "USR1"}, which puts beanstalkd into drain mode. */
    public void signal(String signal) {
        requireLocal("signal");
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the local process (no-op for an external server). */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
        if (log != null) {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // a temp file; the OS cleans up
            }
        }
    }

    @Override
    public String toString() {
        return "beanstalkd at " + host + ":" + port + (isExternal() ? " (external)" : "");
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-l", host, "-p", Integer.toString(port)));
        command.addAll(extraArguments);
        try {
            if (log == null) {
                log = Files.createTempFile("beanstalkd-" + port + "-", ".log");
            }
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(command + " exited with " + process.exitValue() + ": " + logText());
            }
            if (accepts()) {
                return;
            }
            sleep(50);
        }
        stop();
        throw new IllegalStateException(command + " did not accept connections within " + START_TIMEOUT_MILLIS
                + " ms: " + logText());
    }

    private boolean accepts() {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String logText() {
        try {
            return Files.readString(log).trim();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void requireLocal(String what) {
        if (isExternal() || process == null) {
            throw new IllegalStateException("cannot " + what + " " + this + ": not a running local process");
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for beanstalkd", e);
        }
    }
}
