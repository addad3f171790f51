package io.jobqueue.supervisor;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A real supervisord run as a child process ({@code supervisord -n}) with a private config in its own
 * directory: its unix socket, pidfile and log live there, and {@code supervisorctl -c} that config controls it.
 * The programs come from {@code programs.conf} beside it, which a test may rewrite and then {@code update}.
 */
final class Supervisord implements AutoCloseable {
    static final String INSTALL_HINT = "supervisord is not installed or not on the PATH; install it with"
            + " `apt-get install -y supervisor` (Debian/Ubuntu)";
    static final String PROGRAMS_FILE = "programs.conf";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private final Path dir;
    private final Path config;
    private final Process process;
    /** Every worker pid this supervisord reported, so none can outlive the test. */
    private final Set<Long> seenPids = ConcurrentHashMap.newKeySet();
    /** {@code group:process} by process name. */
    private final Map<String, String> qualifiedNames = new ConcurrentHashMap<>();

    private Supervisord(Path dir, Path config, Process process) {
        this.dir = dir;
        this.config = config;
        this.process = process;
    }

    /** Fails the test, naming the package to install, when supervisord or supervisorctl is missing. */
    static void requireInstalled() {
        for (String tool : new String[] {"supervisord", "supervisorctl"}) {
            if (findOnPath(tool).isEmpty()) {
                fail(INSTALL_HINT + " (missing: " + tool + ")");
            }
        }
    }

    private static String tool(String name) {
        return findOnPath(name).map(Path::toString).orElseThrow(() -> new IllegalStateException(INSTALL_HINT));
    }

    static Optional<Path> findOnPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin"
                + File.pathSeparator + "/usr/local/bin";
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, tool))) {
                return Optional.of(Path.of(entry, tool));
            }
        }
        return Optional.empty();
    }

    /** Writes the private config in {@code dir} and starts supervisord with {@code environment} added to its own. */
    static Supervisord start(Path dir, String programs, Map<String, String> environment) throws IOException {
        Path socket = dir.resolve("supervisor.sock");
        if (socket.toString().length() > 100) {
            throw new IllegalArgumentException("unix socket path too long for supervisord: " + socket);
        }
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve(PROGRAMS_FILE), programs, StandardCharsets.UTF_8);
        Path config = dir.resolve("supervisord.conf");
        Files.writeString(config, String.join("\n",
                "[unix_http_server]",
                "file=" + socket,
                "chmod=0700",
                "",
                "[supervisord]",
                "logfile=" + dir.resolve("supervisord.log"),
                "pidfile=" + dir.resolve("supervisord.pid"),
                "childlogdir=" + dir.resolve("logs"),
                "nodaemon=true",
                "loglevel=info",
                "",
                "[rpcinterface:supervisor]",
                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
                "",
                "[supervisorctl]",
                "serverurl=unix://" + socket,
                "",
                "[include]",
                "files = " + PROGRAMS_FILE,
                ""), StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(tool("supervisord"), "-n", "-c", config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("supervisord.out").toFile());
        builder.environment().putAll(environment);
        Supervisord supervisord = new Supervisord(dir, config, builder.start());
        supervisord.awaitControllable(Duration.ofSeconds(30));
        return supervisord;
    }

    Path dir() {
        return dir;
    }

    void writePrograms(String programs) throws IOException {
        Files.writeString(dir.resolve(PROGRAMS_FILE), programs, StandardCharsets.UTF_8);
    }

    /** Runs {@code supervisorctl -c <config> args...} and returns what it printed. */
    String ctl(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 3];
        command[0] = tool("supervisorctl");
        command[1] = "-c";
        command[2] = config.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        Process ctl = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = ctl.getInputStream().readAllBytes();
        if (!ctl.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            ctl.destroyForcibly();
            throw new IOException("supervisorctl " + String.join(" ", args) + " did not finish in " + COMMAND_TIMEOUT);
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    /**
     * The state of every process ({@code RUNNING}, {@code STARTING}, {@code STOPPED}, ...) by process name, as
     * supervisord names it to the process ({@code SUPERVISOR_PROCESS_NAME}), without the group prefix that
     * {@code status} shows for a program with several processes.
     */
    Map<String, String> states() throws IOException, InterruptedException {
        Map<String, String> states = new LinkedHashMap<>();
        for (String line : ctl("status").split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 2 && parts[1].matches("[A-Z]+")) {
                String process = parts[0].substring(parts[0].indexOf(':') + 1);
                qualifiedNames.put(process, parts[0]);
                states.put(process, parts[1]);
            }
        }
        return states;
    }

    /** The pid of a process, or 0 when it is not running. */
    long pid(String process) throws IOException, InterruptedException {
        if (!qualifiedNames.containsKey(process)) {
            states();
        }
        String out = ctl("pid", qualifiedNames.getOrDefault(process, process)).trim();
        try {
            long pid = Long.parseLong(out);
            if (pid > 0) {
                seenPids.add(pid);
            }
            return pid;
        } catch (NumberFormatException e) {
            throw new IOException("supervisorctl pid " + process + " printed: " + out);
        }
    }

    String log() throws IOException {
        Path log = dir.resolve("supervisord.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private void awaitControllable(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("supervisord exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("supervisord.out")));
            }
            try {
                last = ctl("pid");
                if (last.trim().matches("\\d+")) {
                    return;
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IOException("supervisord did not answer supervisorctl within " + timeout + ": " + last);
    }

    /**
     * Shuts supervisord down (it stops its workers with their stop signal first), then kills whatever is left:
     * supervisord itself and any worker it ever reported. Safe to call twice.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            try {
                states().keySet().forEach(name -> {
                    try {
                        pid(name);
                    } catch (IOException | InterruptedException e) {
                        // best effort: the shutdown below still stops it
                    }
                });
                ctl("shutdown");
            } catch (IOException e) {
                // not answering: killed below
            }
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        for (long pid : seenPids) {
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::startedHere).ifPresent(p -> {
                p.destroyForcibly();
            });
        }
    }

    /** Guards against pid reuse: only a java process running in this supervisord's directory tree is ours. */
    private boolean startedHere(ProcessHandle handle) {
        return handle.info().commandLine().map(c -> c.contains("worker-example") || c.contains(dir.toString()))
                .orElse(false);
    }
}
