package io.jobqueue.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.PipelineStats;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.QueueTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shipped supervisord program config, run under a real supervisord against PostgreSQL: workers that are
 * killed come back and the jobs they held run again, {@code stop all} leaves nothing reserved, and scaling up
 * with {@code numprocs} + {@code update} puts the new processes to work.
 *
 * <p>The workers run the {@code noop} handler with a 20 ms delay per job, so jobs are held as real work holds
 * them, and record each job they finish. Each run uses its own table, dropped at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("slow")
class SupervisedWorkersTest {
    static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final String TEMPLATE = "jobqueue-emails";
    static final String PROGRAM = "jobqueue-noop";
    static final String PIPELINE = "noop";
    static final Duration SHORT_TTR = Duration.ofSeconds(3);
    static final Duration LONG_TTR = Duration.ofSeconds(120);
    /** supervisord's expansion of a process's name in a program's command. */
    static final String PROCESS_NAME = "%(program_name)s_%(process_num)02d";

    private String url;
    private String table;
    private Path dir;
    private Path jar;
    private ProgramConfig shipped;
    private JobQueue queue;
    private Supervisord supervisord;
    private HandledJobs handled;

    @BeforeAll
    void startSupervisordWithThreeWorkers() throws Exception {
        Supervisord.requireInstalled();
        jar = Path.of(System.getProperty("jobqueue.workerJar", "../worker-example/target/worker-example.jar"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            fail("the example worker jar is missing at " + jar + "; build it first:"
                    + " ./mvnw -B package -DskipTests -pl worker-example -am");
        }
        shipped = ProgramConfig.read(confDir().resolve("jobqueue-workers.conf"));
        url = System.getenv().getOrDefault("JOBQUEUE_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL);
        table = "jq_supervisor_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            queue = JobQueue.connect(url, QueueSettings.builder().option("table", table).build());
        } catch (RuntimeException e) {
            fail("cannot reach PostgreSQL at " + url + " (set JOBQUEUE_TEST_POSTGRES_URL): " + e.getMessage(), e);
        }
        dir = workDirectory();
        Files.createDirectories(dir.resolve("data"));
        handled = new HandledJobs(dir.resolve("data").resolve("handled"));
        supervisord = Supervisord.start(dir, programs(3), Map.of("JOBQUEUE_URL", url));
        awaitRunning(3);
    }

    @AfterAll
    void shutDown() throws Exception {
        try {
            if (supervisord != null) {
                supervisord.close();
            }
        } finally {
            if (queue != null) {
                queue.close();
                dropTable();
            }
        }
    }

    @Test
    @Order(1)
    void a_killed_worker_is_restarted_and_the_jobs_it_held_run_again_after_their_ttr() throws Exception {
        List<Long> ids = addJobs(5_000, SHORT_TTR);
        String victim = PROGRAM + "_01";
        long oldPid = supervisord.pid(victim);
        await("the victim holds reserved jobs", Duration.ofSeconds(60),
                () -> handled.countByWorker().getOrDefault(victim, 0L) > 20 && stats().reserved() > 0);

        long reservedAtKill = stats().reserved();
        kill9(oldPid);

        await("supervisord restarts " + victim, Duration.ofSeconds(60), () -> {
            long pid = supervisord.pid(victim);
            return pid != 0 && pid != oldPid && "RUNNING".equals(supervisord.states().get(victim));
        });
        await("every job is done", Duration.ofSeconds(120), () -> stats().total() == 0);

        Map<Long, Integer> reserves = handled.maxReservesById();
        List<Long> missing = ids.stream().filter(id -> !reserves.containsKey(id)).limit(10).toList();
        assertTrue(missing.isEmpty(), "jobs never handled, e.g. " + missing);
        long runAgain = ids.stream().filter(id -> reserves.get(id) >= 2).count();
        assertTrue(runAgain > 0, "no job ran a second time, though " + reservedAtKill
                + " were reserved when the worker was killed");
        assertTrue(supervisord.log().contains("exited: " + victim), supervisord.log());
    }

    @Test
    @Order(2)
    void stop_all_releases_every_reserved_job() throws Exception {
        long before = handled.count();
        addJobs(4_000, LONG_TTR);
        await("the workers are busy", Duration.ofSeconds(60),
                () -> handled.count() > before + 300 && stats().reserved() > 0);

        int logBefore = supervisord.log().length();
        String stopped = supervisord.ctl("stop", "all");

        Map<String, String> states = supervisord.states();
        assertEquals(Set.of("STOPPED"), Set.copyOf(states.values()), stopped + "\n" + states);
        PipelineStats after = stats();
        assertEquals(0, after.reserved(), "jobs left reserved after stop all: " + after);
        assertEquals(0, after.delayed() + after.buried(), after.toString());
        assertTrue(after.ready() > 0, "stop came too late to test anything: every job was done: " + after);
        String stopLog = supervisord.log().substring(logBefore);
        assertFalse(stopLog.contains("SIGKILL"), "a worker had to be killed:\n" + stopLog);
        assertEquals(3, stopLog.lines().filter(l -> l.contains("stopped: " + PROGRAM)).count(), stopLog);
    }

    @Test
    @Order(3)
    void scaling_from_three_to_five_processes_puts_the_new_ones_to_work() throws Exception {
        Map<String, Long> before = handled.countByWorker();
        supervisord.writePrograms(programs(5));

        String reread = supervisord.ctl("reread");
        assertTrue(reread.contains(PROGRAM + ": changed"), reread);
        String update = supervisord.ctl("update");
        assertTrue(update.contains(PROGRAM), update);
        awaitRunning(5);

        addJobs(3_000, LONG_TTR);
        await("every job is done", Duration.ofSeconds(120), () -> stats().total() == 0);

        Map<String, Long> after = handled.countByWorker();
        for (String process : processNames(5)) {
            assertTrue(after.getOrDefault(process, 0L) > before.getOrDefault(process, 0L),
                    process + " handled no job after scaling; handled per process: " + after);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private String programs(int numprocs) {
        Path data = dir.resolve("data");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return shipped.render(TEMPLATE, PROGRAM, numprocs, jar, java, data, dir.resolve("logs"),
                List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), PIPELINE,
                List.of("--option", "table=" + table, "--handler-delay-ms", "20", "--progress-interval", "5",
                        "--record", data.resolve("handled").resolve(PROCESS_NAME + ".txt").toString()));
    }

    private static List<String> processNames(int numprocs) {
        return IntStream.range(0, numprocs).mapToObj(i -> String.format("%s_%02d", PROGRAM, i)).toList();
    }

    private void awaitRunning(int numprocs) throws Exception {
        List<String> names = processNames(numprocs);
        await(numprocs + " workers RUNNING", Duration.ofSeconds(90), () -> {
            Map<String, String> states = supervisord.states();
            return states.keySet().equals(Set.copyOf(names))
                    && states.values().stream().allMatch("RUNNING"::equals);
        });
        for (String name : names) {
            supervisord.pid(name);
        }
    }

    private List<Long> addJobs(int count, Duration ttr) {
        JobQueue pipeline = queue.selectPipeline(PIPELINE);
        JobOptions options = JobOptions.defaults().withTtr(ttr);
        List<Long> ids = new ArrayList<>(count);
        for (int from = 0; from < count; from += 1_000) {
            List<String> payloads = IntStream.range(from, Math.min(count, from + 1_000)).mapToObj(i -> "job-" + i)
                    .collect(Collectors.toList());
            ids.addAll(pipeline.addJobs(payloads, options));
        }
        return ids;
    }

    private PipelineStats stats() {
        return queue.stats(PIPELINE);
    }

    private static void kill9(long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -9 " + pid);
    }

    private void dropTable() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            QueueTables.dropIfExist(s, table);
        }
    }

    private static Path confDir() {
        return Path.of(System.getProperty("jobqueue.supervisorConf", "conf")).toAbsolutePath().normalize();
    }

    /** Under target/ to keep the logs; in the temp directory if that path is too long for a unix socket. */
    private static Path workDirectory() throws IOException {
        Path target = Path.of("target", "supervisord-" + System.currentTimeMillis()).toAbsolutePath();
        if (target.toString().length() < 80) {
            return Files.createDirectories(target);
        }
        return Files.createTempDirectory("jq-sv");
    }

    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private void await(String what, Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toSeconds() + " s waiting until " + what + "; queue " + stats()
                        + "; processes " + supervisord.states() + "; handled per process " + handled.countByWorker()
                        + "; logs in " + dir);
            }
            Thread.sleep(100);
        }
    }
}
