package io.jobqueue.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A three-node cluster of its own ({@link RabbitMqCluster}); a quorum-queue pipeline of 20,000 jobs; three worker
 * processes ({@link FailoverWorkerMain}, the worker runtime) draining through the multi-node URL. Once about a
 * quarter is handled, the node leading the queue is killed. Every job is then handled at least once and the
 * queue ends empty (no acknowledged job lost), every process goes on handling jobs after the kill (they
 * reconnect on their own), and the repeats (at-least-once) stay within what the killed connections can have held.
 */
@Tag("slow")
class RabbitMqClusterFailoverTest {
    private static final int JOBS = 20_000;
    private static final int PROCESSES = 3;
    private static final int CONCURRENCY = 8;
    /** Jobs one process can hold unacknowledged: in handlers, reserved ahead, and handled but not yet acked. */
    private static final int HELD_PER_PROCESS = CONCURRENCY
            + (FailoverWorkerMain.RESERVE_THREADS + 1) * FailoverWorkerMain.BATCH;
    private static RabbitMqCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RabbitMqCluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killing_the_queue_leader_mid_drain_loses_no_job_and_the_workers_carry_on() throws Exception {
        String pipeline = "failover-" + Long.toHexString(System.nanoTime());
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try (JobQueue queue = JobQueue.connect(cluster.url(), QueueSettings.defaults())) {
            JobQueue q = queue.selectPipeline(pipeline);
            long addStart = System.nanoTime();
            for (int from = 0; from < JOBS; from += 1_000) {
                q.addJobs(IntStream.range(from, from + 1_000).mapToObj(i -> "job " + i).toList());
            }
            log("added %d jobs in %.1f s", JOBS, (System.nanoTime() - addStart) / 1e9);
            assertEquals(JOBS, q.getReadyCount());
            String leader = cluster.leaderOf(new Names(RabbitConfig.DEFAULT_PREFIX).ready(pipeline));

            long drainStart = System.nanoTime();
            for (int i = 0; i < PROCESSES; i++) {
                Path out = Files.createTempFile("jobqueue-failover-", ".out");
                outputs.add(out);
                processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx192m", "-cp", System.getProperty("java.class.path"), FailoverWorkerMain.class.getName(),
                        cluster.url(), pipeline, String.valueOf(CONCURRENCY))
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start());
            }
            Tally tally = new Tally(outputs);
            Await.until("a quarter of the jobs handled", Duration.ofMinutes(2),
                    () -> tally.refresh().total() >= JOBS / 4);
            List<Integer> before = tally.perProcess();
            cluster.kill(leader);
            long killedAt = System.nanoTime();
            log("killed %s, the leader, after %s jobs handled per process", leader, before);

            Await.until("every job handled", Duration.ofMinutes(3), () -> tally.refresh().distinct() == JOBS);
            Await.until("the pipeline empty", Duration.ofMinutes(1), () -> q.stats().total() == 0);
            log("drained in %.1f s, %.1f s after the kill", (System.nanoTime() - drainStart) / 1e9,
                    (System.nanoTime() - killedAt) / 1e9);
            List<Integer> after = tally.perProcess();
            for (Process p : processes) {
                p.destroy(); // SIGTERM: the worker stops gracefully
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "process " + p.pid() + " stops on SIGTERM");
            }

            assertEquals(0, q.stats().total(), "jobs left in the pipeline once the workers stopped");
            tally.refresh();
            assertEquals(JOBS, tally.distinct(), "distinct jobs handled");
            int repeats = tally.total() - JOBS;
            log("handled %d times for %d jobs: %d repeat(s); processes that reconnected: %d of %d", tally.total(),
                    JOBS, repeats, tally.reconnectedProcesses(), PROCESSES);
            assertTrue(repeats <= PROCESSES * HELD_PER_PROCESS, "repeats " + repeats + " exceed what the killed"
                    + " connections could hold, " + PROCESSES * HELD_PER_PROCESS);
            for (int i = 0; i < PROCESSES; i++) {
                log("process %d said:%n%s", i, tail(outputs.get(i)));
                assertTrue(after.get(i) > before.get(i), "process " + i + " handled jobs after the kill: "
                        + before + " -> " + after + "\n" + tail(outputs.get(i)));
                String output = Files.readString(outputs.get(i), StandardCharsets.UTF_8);
                if (output.contains("lost; reconnecting")) {
                    assertTrue(output.contains("reconnected to RabbitMQ"), "process " + i + " lost its connection"
                            + " and did not get it back:\n" + tail(outputs.get(i)));
                }
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
            for (Path out : outputs) {
                Files.deleteIfExists(out);
            }
        }
    }

    /** What each process printed so far, read incrementally (the test polls it often). */
    private static final class Tally {
        private final List<Path> outputs;
        private final long[] offsets;
        private final List<List<Long>> handled = new ArrayList<>();
        private final Map<Long, Integer> counts = new HashMap<>();
        private final boolean[] reconnected;

        Tally(List<Path> outputs) {
            this.outputs = outputs;
            this.offsets = new long[outputs.size()];
            this.reconnected = new boolean[outputs.size()];
            outputs.forEach(o -> handled.add(new ArrayList<>()));
        }

        synchronized Tally refresh() {
            for (int i = 0; i < outputs.size(); i++) {
                try (var in = Files.newInputStream(outputs.get(i))) {
                    in.skipNBytes(offsets[i]);
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    int end = text.lastIndexOf('\n'); // complete lines only: a child may be writing the last one
                    if (end < 0) {
                        continue;
                    }
                    offsets[i] += text.substring(0, end + 1).getBytes(StandardCharsets.UTF_8).length;
                    for (String line : text.substring(0, end).split("\n")) {
                        if (line.startsWith(FailoverWorkerMain.HANDLED)) {
                            long id = Long.parseLong(line.substring(FailoverWorkerMain.HANDLED.length()).trim());
                            handled.get(i).add(id);
                            counts.merge(id, 1, Integer::sum);
                        } else if (line.contains("reconnected to RabbitMQ")) {
                            reconnected[i] = true;
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return this;
        }

        synchronized int total() {
            return handled.stream().mapToInt(List::size).sum();
        }

        synchronized int distinct() {
            return counts.size();
        }

        synchronized List<Integer> perProcess() {
            return handled.stream().map(List::size).toList();
        }

        synchronized long reconnectedProcesses() {
            return IntStream.range(0, reconnected.length).filter(i -> reconnected[i]).count();
        }
    }

    /** Complete lines only: a child may be writing the last one. */
    private static List<String> lines(Path out) {
        try {
            String text = Files.readString(out, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            return end < 0 ? List.of() : text.substring(0, end).lines().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path out) {
        List<String> lines = lines(out).stream().filter(l -> !l.startsWith(FailoverWorkerMain.HANDLED)).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static void log(String format, Object... args) {
        System.out.printf("[failover] " + format + "%n", args);
    }
}
