package io.jobqueue.bench;

import io.jobqueue.JobQueue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@link WorkerProcess} in a JVM of its own, started with {@link #JVM_FLAGS} (or the flags in
 * BENCH_WORKER_JVM_FLAGS, space-separated; empty for the JVM's defaults): the figures that need the worker in
 * another process (latency across processes, a worker-only process's memory, the cost of an idle worker).
 */
final class ChildWorker implements AutoCloseable {
    /**
     * The flags of a small worker-only process (the README's "Memory"): a 64 MiB heap (the worker holds a batch
     * or two of jobs, not the queue), the serial collector (no parallel GC threads or their card tables), small
     * thread stacks, and bounded metaspace and code cache.
     */
    static final List<String> JVM_FLAGS = List.of("-Xmx64m", "-Xms16m", "-XX:+UseSerialGC", "-Xss256k",
            "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=32m", "-XX:MaxDirectMemorySize=16m");

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildWorker(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.matches("(ready|drained|latency|borrows)\\b.*")) {
                        lines.add(line);
                    } else {
                        System.err.println("worker process: " + line); // the JVM's own output, e.g. NMT's summary
                    }
                }
            } catch (java.io.IOException e) {
                // the child ended; what it printed is in lines
            }
        }, "bench-child-out");
        reader.setDaemon(true);
        reader.start();
    }

    /** The flags children start with: BENCH_WORKER_JVM_FLAGS if set, else {@link #JVM_FLAGS}. */
    static List<String> flags() {
        String flags = System.getenv("BENCH_WORKER_JVM_FLAGS");
        return flags == null ? JVM_FLAGS : List.of(flags.trim().split("\\s+")).stream().filter(f -> !f.isEmpty()).toList();
    }

    /** Starts {@code java <flags> -cp <this jar> WorkerProcess args…} and waits for its {@code ready}. */
    static ChildWorker start(String... args) throws Exception {
        return start(flags(), args);
    }

    static ChildWorker start(List<String> flags, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(WorkerProcess.class.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ChildWorker child = new ChildWorker(process);
        child.expect("ready", Duration.ofSeconds(60));
        return child;
    }

    /** The next line the child prints, or a failure after {@code timeout}. */
    String next(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (line == null) {
            throw new IllegalStateException("the worker process printed nothing for " + timeout.toMillis() + " ms"
                    + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")"));
        }
        return line;
    }

    private void expect(String word, Duration timeout) throws InterruptedException {
        String line = next(timeout);
        if (!line.startsWith(word)) {
            throw new IllegalStateException("expected '" + word + "' from the worker process, got: " + line);
        }
    }

    /** The connections the child's pool has lent so far ({@code idle} mode). */
    long borrows() throws Exception {
        stdin.write("count\n");
        stdin.flush();
        String line = next(Duration.ofSeconds(10));
        return Long.parseLong(line.substring("borrows ".length()));
    }

    /** A field of {@code /proc/<pid>/status} in MiB (VmHWM: the peak resident set), or NaN off Linux. */
    double statusMib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** CPU time (user + system) the child has used, in seconds, from {@code /proc/<pid>/stat}; NaN off Linux. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // Fields after the command name (which may hold spaces), which ends at the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            return ticks / 100.0; // USER_HZ is 100 on Linux
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws Exception {
        try {
            stdin.close();
        } catch (java.io.IOException e) {
            // already gone
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    // ---- the figures --------------------------------------------------------------------------------------

    /** Wall-clock microseconds since the epoch: both JVMs of one machine read the same clock. */
    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /**
     * Milliseconds from {@code addJob} here to the handler starting in a worker-only JVM, idle between samples:
     * p50, p99 of {@code samples} after {@code warmup} unmeasured ones (both JVMs compile their paths first).
     */
    static double[] latencyMillis(String url, Supplier<JobQueue> connect, String pipeline, int warmup, int samples,
            Duration gap) throws Exception {
        List<Double> latencies = new ArrayList<>();
        try (ChildWorker child = start("latency", url, pipeline); JobQueue queue = connect.get()) {
            JobQueue producer = queue.selectPipeline(pipeline);
            for (int i = 0; i < warmup + samples; i++) {
                producer.addJob(Long.toString(nowMicros()));
                String line = child.next(Duration.ofSeconds(5));
                if (i >= warmup) {
                    latencies.add(Long.parseLong(line.substring("latency ".length())) / 1000.0);
                }
                Thread.sleep(i >= warmup ? gap.toMillis() : 1);
            }
        }
        return new double[] {Timing.percentile(latencies, 50), Timing.percentile(latencies, 99)};
    }

    /**
     * Peak RSS (MiB) of a worker-only JVM started with {@code flags} draining the {@code jobs} already queued in
     * {@code pipeline}.
     */
    static double drainPeakRssMib(List<String> flags, String url, String pipeline, int jobs) throws Exception {
        try (ChildWorker child = start(flags, "drain", url, pipeline, Integer.toString(jobs))) {
            child.expect("drained", Duration.ofMinutes(5));
            return child.statusMib("VmHWM");
        }
    }

    /**
     * An idle worker-only JVM watched for {@code window} after it settled: its CPU in milliseconds per second,
     * and its reserve attempts (connections borrowed) per second.
     */
    static double[] idleCost(String url, String pipeline, Duration window) throws Exception {
        try (ChildWorker child = start("idle", url, pipeline)) {
            Thread.sleep(3_000); // past start-up: class loading, the first compilations, the listener
            double cpu0 = child.cpuSeconds();
            long borrows0 = child.borrows();
            long t0 = System.nanoTime();
            Thread.sleep(window.toMillis());
            double cpu1 = child.cpuSeconds();
            long borrows1 = child.borrows();
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new double[] {(cpu1 - cpu0) * 1000 / seconds, (borrows1 - borrows0) / seconds};
        }
    }
}
