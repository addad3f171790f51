package io.jobqueue.worker;

import static io.jobqueue.worker.TestQueues.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.PipelineLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three worker processes of 4 handlers each work one pipeline limited to 3 running jobs: the most jobs running at
 * once, measured from every handler's start and end on the shared wall clock, is 3, never more. A second
 * pipeline limited to 20 starts per second takes at least the time its rate allows.
 */
@Tag("slow")
class PipelineLimitsAcrossProcessesTest {
    private static final int JOBS = 120;
    private static final int MAX_RUNNING = 3;

    private record Run(long id, long start, long end) {}

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void the_running_limit_holds_across_processes_and_the_rate_limit_paces_starts(String database) throws Exception {
        try (TestDatabase db = new TestDatabase(database)) {
            db.queue.setLimits("limited", PipelineLimits.maxRunning(MAX_RUNNING));
            db.queue.selectPipeline("limited").addJobs(IntStream.range(0, JOBS).boxed().toList());
            List<Run> limited = runAll(db, "limited", 30, JOBS);
            assertEquals(MAX_RUNNING, mostAtOnce(limited), "most jobs running at once across 3 processes");

            int rate = 20;
            int paced = 60;
            db.queue.setLimits("paced", PipelineLimits.maxStartedPerSecond(rate));
            db.queue.selectPipeline("paced").addJobs(IntStream.range(0, paced).boxed().toList());
            List<Run> runs = runAll(db, "paced", 1, paced);
            long first = runs.stream().mapToLong(Run::start).min().orElseThrow();
            long last = runs.stream().mapToLong(Run::start).max().orElseThrow();
            double seconds = (last - first) / 1e6;
            // a full bucket starts 20 at once; the other 40 need 2 s of refill at 20 per second
            assertTrue(seconds >= (paced - rate) / (double) rate * 0.9, paced + " starts took only " + seconds + " s");
        }
    }

    /** Starts 3 worker processes on {@code pipeline}, waits until {@code jobs} have run, stops them. */
    private static List<Run> runAll(TestDatabase db, String pipeline, long jobMillis, int jobs) throws Exception {
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Path log = Files.createTempFile("jobqueue-limits-", ".log");
                logs.add(log);
                processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m", "-cp", System.getProperty("java.class.path"), LimitedWorkerMain.class.getName(),
                        db.url, pipeline, db.table, Long.toString(jobMillis))
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start());
            }
            awaitTrue("all " + jobs + " jobs of " + pipeline + " ran", () -> runs(logs).size() >= jobs
                    && db.queue.stats(pipeline).total() == 0);
            for (Process p : processes) {
                p.destroy();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "process " + p.pid() + " stops on SIGTERM");
            }
            List<Run> runs = runs(logs);
            Set<Long> ids = new HashSet<>();
            runs.forEach(r -> ids.add(r.id()));
            assertEquals(jobs, ids.size(), "every job ran");
            return runs;
        } finally {
            processes.forEach(Process::destroyForcibly);
            for (Path log : logs) {
                Files.deleteIfExists(log);
            }
        }
    }

    private static List<Run> runs(List<Path> logs) {
        List<Run> runs = new ArrayList<>();
        for (Path log : logs) {
            try {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    String[] f = line.split(" ");
                    if (f.length == 4 && f[0].equals("ran")) {
                        runs.add(new Run(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return runs;
    }

    /** The most runs overlapping at one instant; a run ending when another starts does not overlap it. */
    static int mostAtOnce(List<Run> runs) {
        List<long[]> events = new ArrayList<>();
        for (Run r : runs) {
            events.add(new long[] {r.start(), +1});
            events.add(new long[] {r.end(), -1});
        }
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        int now = 0;
        int most = 0;
        for (long[] e : events) {
            now += (int) e[1];
            most = Math.max(most, now);
        }
        return most;
    }
}
