package io.jobqueue.rabbitmq;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A three-node RabbitMQ cluster of its own on this machine, run by {@code scripts/rabbitmq-cluster.sh} with node
 * names, ports and a directory (under {@code target/}) no other run uses; the machine's own broker is never
 * touched. {@link #start} fails with the script's own words when the cluster does not come up.
 */
final class RabbitMqCluster implements AutoCloseable {
    private static final Path SCRIPT = findScript();
    private final Map<String, String> env;
    private final String url;

    private RabbitMqCluster(Map<String, String> env, String url) {
        this.env = env;
        this.url = url;
    }

    /** Starts three nodes and joins them; about a minute on two cores. */
    static RabbitMqCluster start() throws IOException, InterruptedException {
        String name = "jq" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16, 1 << 20));
        Path dir = Path.of("target", "rabbitmq-cluster-" + name).toAbsolutePath();
        List<String> ports = new ArrayList<>();
        while (ports.size() < 3) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 35_000); // + 20000 (dist) and + 30000 (CLI) fit
            if (free(port) && free(port + 20_000) && free(port + 30_000) && !ports.contains(String.valueOf(port))) {
                ports.add(String.valueOf(port));
            }
        }
        Map<String, String> env = Map.of("JQ_CLUSTER_DIR", dir.toString(), "JQ_CLUSTER_NAME", name,
                "JQ_CLUSTER_PORTS", String.join(" ", ports));
        RabbitMqCluster cluster = new RabbitMqCluster(env, null);
        Result started = cluster.run(180, "start");
        if (started.code != 0) {
            cluster.run(120, "stop");
            throw new IllegalStateException("the three-node RabbitMQ cluster did not start (" + SCRIPT + " start, exit "
                    + started.code + "):\n" + started.output);
        }
        List<String> lines = started.output.lines().toList();
        return new RabbitMqCluster(env, lines.get(lines.size() - 1).trim());
    }

    /** {@code amqp://guest:guest@127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3/%2F}. */
    String url() {
        return url;
    }

    /** The node that leads quorum queue {@code queue}, e.g. {@code jq1a2b3@localhost}. */
    String leaderOf(String queue) throws IOException, InterruptedException {
        return check(run(60, "leader", queue), "leader").strip();
    }

    /** Kills {@code node} with SIGKILL: no goodbye to its clients or its peers. */
    void kill(String node) throws IOException, InterruptedException {
        check(run(30, "kill", node), "kill");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        check(run(180, "stop"), "stop");
    }

    private static String check(Result r, String what) {
        if (r.code != 0) {
            throw new IllegalStateException(SCRIPT + " " + what + " failed (exit " + r.code + "):\n" + r.output);
        }
        return r.output.lines().filter(l -> !l.startsWith("==>")).reduce("", (a, b) -> a + b + "\n");
    }

    private record Result(int code, String output) {}

    private Result run(int timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("jobqueue-cluster-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + " s\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path findScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("scripts").resolve("rabbitmq-cluster.sh");
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        throw new IllegalStateException("scripts/rabbitmq-cluster.sh not found above " + Path.of("").toAbsolutePath());
    }
}
