package io.jobqueue.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.beanstalkd.BeanstalkBackend;
import io.jobqueue.jdbc.JdbcBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark: for each backend, our figures and the bare ceiling of the same server, side by side in one
 * run. Prints one line per figure and writes them all as JSON.
 *
 * <pre>java -jar bench.jar [--json file] [--tasks-only] [--only groups] [sqlite] [postgres] [mariadb] [beanstalkd] [rabbitmq]</pre>
 *
 * Servers: JOBQUEUE_BENCH_POSTGRES_URL, JOBQUEUE_BENCH_MYSQL_URL, JOBQUEUE_BENCH_BEANSTALKD (host:port),
 * JOBQUEUE_BENCH_RABBITMQ_URL; sizes: BENCH_SECONDS (per rate measurement, default 3), BENCH_DRAIN_JOBS (default
 * 100000), BENCH_TASK_CHILDREN (children of the fan-out task, default 100000), BENCH_TASK_WARMUP (children of an
 * unmeasured fan-out before it, default 50000), BENCH_IDLE_SECONDS (the idle
 * worker's window, default 30). {@code --tasks-only} measures only {@code task_fanout_per_s} beside {@code
 * drain_per_s} (SQLite and PostgreSQL). {@code --only latency,memory,idle} measures only those groups of the JDBC
 * backends (of {@link #GROUPS}).
 */
public final class Bench {
    static final String TABLE = "jobqueue_bench";
    private final double seconds = Double.parseDouble(env("BENCH_SECONDS", "3"));
    private final int drainJobs = Integer.parseInt(env("BENCH_DRAIN_JOBS", "100000"));
    private final int taskChildren = Integer.parseInt(env("BENCH_TASK_CHILDREN", "100000"));
    /**
     * Children of an unmeasured fan-out first (BENCH_TASK_WARMUP), as the drain follows an unmeasured 10,000 jobs:
     * on 2 cores the JIT compiling the task paths for the first time took two thirds of the process's CPU during a
     * 100,000-child run, beside the database's share.
     */
    private final int taskWarmup = Integer.parseInt(env("BENCH_TASK_WARMUP", "50000"));
    private final int idleSeconds = Integer.parseInt(env("BENCH_IDLE_SECONDS", "30"));
    /** Unmeasured latency samples first (BENCH_LATENCY_WARMUP), 1 ms apart, so both JVMs have compiled their paths. */
    private final int latencyWarmup = Integer.parseInt(env("BENCH_LATENCY_WARMUP", "2000"));
    /** The idle time between two measured latency samples, and before each idle commit. */
    static final Duration LATENCY_GAP = Duration.ofMillis(20);
    /** The groups of figures {@code --only} can pick (JDBC backends). */
    static final List<String> GROUPS = List.of("enqueue", "drain", "latency", "memory", "idle", "tasks", "deep", "pool");
    private boolean tasksOnly;
    private Set<String> only = Set.copyOf(GROUPS);
    private final List<Figure> figures = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        List<String> backends = new ArrayList<>();
        Path json = Path.of("bench-results.json");
        Bench bench = new Bench();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--json")) {
                json = Path.of(args[++i]);
            } else if (args[i].equals("--tasks-only")) {
                bench.tasksOnly = true;
            } else if (args[i].equals("--only")) {
                bench.only = Set.of(args[++i].split(","));
                if (!GROUPS.containsAll(bench.only)) {
                    throw new IllegalArgumentException("--only takes some of " + GROUPS + ", got " + bench.only);
                }
            } else {
                backends.add(args[i]);
            }
        }
        if (backends.isEmpty()) {
            backends = List.of("sqlite", "postgres", "mariadb", "beanstalkd", "rabbitmq");
        }
        for (String backend : backends) {
            long start = System.nanoTime();
            switch (backend) {
                case "sqlite" -> bench.sqlite();
                case "postgres" -> bench.postgres();
                case "mariadb" -> bench.mariadb();
                case "beanstalkd" -> bench.beanstalkd();
                case "rabbitmq" -> new RabbitMqBench(env("JOBQUEUE_BENCH_RABBITMQ_URL", env("JOBQUEUE_TEST_RABBITMQ_URL",
                        "amqp://guest:guest@127.0.0.1:5672/%2F")), bench.seconds, bench.drainJobs, bench::record).run();
                default -> throw new IllegalArgumentException("unknown backend " + backend
                        + ": use sqlite, postgres, mariadb, beanstalkd, rabbitmq");
            }
            System.out.printf("bench-done backend=%s seconds=%.0f%n", backend, (System.nanoTime() - start) / 1e9);
        }
        bench.writeJson(json);
    }

    private void sqlite() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "bench"));
        Path file = dir.resolve("bench.db");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        jdbc("sqlite", "jdbc:sqlite:" + file.toAbsolutePath());
    }

    private void postgres() throws Exception {
        String url = env("JOBQUEUE_BENCH_POSTGRES_URL", env("JOBQUEUE_TEST_POSTGRES_URL",
                "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
        QueueBench ours = library(url);
        clear(url);
        if (tasksOnly) {
            taskFanOut("postgres", url, ours);
            return;
        }
        PgBench ceiling = new PgBench(url, TABLE, seconds);
        if (only.contains("enqueue")) {
            ceiling.prepare(TABLE);
            record("postgres", "enqueue_per_s", ours.enqueuePerSecond("enqueue"), ceiling.insertOnePerCommit());
            clear(url);
            record("postgres", "enqueue_bulk_per_s", ours.bulkEnqueuePerSecond("bulk"), ceiling.insertHundredPerCommit());
            clear(url);
            ceiling.drop();
        }
        double drain = Double.NaN;
        if (only.contains("drain")) {
            ceiling.prepare(TABLE);
            double drainCeiling = ceiling.lockAndDelete(100, QueueBench.WORKERS, 600_000);
            double oneAtATime = ceiling.lockAndDelete(1, QueueBench.WORKERS, 60_000);
            ceiling.drop();
            drain = drain("postgres", url, ours, drainCeiling);
            record("postgres", "drain_per_s_vs_one_job_per_statement", drain, oneAtATime);
        }
        if (only.contains("latency")) {
            // Across processes: a worker-only JVM woken by LISTEN/NOTIFY. In one process the add wakes the
            // reserve directly (the shared in-process signal), which says nothing about NOTIFY.
            double[] across = ChildWorker.latencyMillis(url, ours.connect(), "latency", latencyWarmup, 300, LATENCY_GAP);
            record("postgres", "latency_p50_ms", across[0], Double.NaN);
            record("postgres", "latency_p99_ms", across[1], Double.NaN);
            clear(url);
            inProcessLatency("postgres", ours, "latency_in_process");
            clear(url);
            ceiling.prepare(TABLE);
            durableCommit("postgres", url, ceiling.insertOnePerCommit());
            ceiling.drop();
        }
        workerOnly("postgres", url, ours);
        if (only.contains("idle")) {
            idle("postgres", url);
        }
        if (only.contains("tasks")) {
            record("postgres", "task_fanout_per_s", fanOut(url), drain);
        }
        if (only.contains("deep")) {
            // Both depths are filled, then vacuumed and analysed as a long-lived queue table would be by
            // autovacuum, so neither drain pays for hint bits or a vacuum of the fresh rows. The shallow rate is
            // the median of three.
            List<Double> shallowRates = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ours.fill("deep-small", 10_000);
                vacuum(url);
                shallowRates.add(ours.drain("deep-small", 10_000).perSecond());
                clear(url);
            }
            double shallow = Timing.percentile(shallowRates, 50);
            ours.fill("deep", 1_000_000);
            vacuum(url);
            double deep = ours.drain("deep", drainJobs).perSecond();
            clear(url);
            record("postgres", "drain_deep_ratio", deep / shallow, Double.NaN);
            record("postgres", "drain_per_s_1m_queued", deep, shallow);
        }
        if (only.contains("pool")) {
            poolScaleUp("postgres", url);
        }
    }

    private void mariadb() throws Exception {
        String url = env("JOBQUEUE_BENCH_MYSQL_URL", env("JOBQUEUE_TEST_MYSQL_URL",
                "jdbc:mariadb://127.0.0.1:3306/test?user=root"));
        jdbc("mariadb", url);
    }

    /** SQLite and MariaDB: the same measurements, with plain JDBC as the ceiling. */
    private void jdbc(String backend, String url) throws Exception {
        QueueBench ours = library(url);
        clear(url);
        if (tasksOnly) {
            taskFanOut(backend, url, ours);
            return;
        }
        JdbcCeiling ceiling = new JdbcCeiling(url, TABLE, seconds);
        if (only.contains("enqueue")) {
            ceiling.prepare(TABLE);
            record(backend, "enqueue_per_s", ours.enqueuePerSecond("enqueue"), ceiling.insertOnePerCommit());
            clear(url);
            record(backend, "enqueue_bulk_per_s", ours.bulkEnqueuePerSecond("bulk"), ceiling.insertHundredPerCommit());
            clear(url);
            ceiling.drop();
        }
        double drain = Double.NaN;
        if (only.contains("drain")) {
            ceiling.prepare(TABLE);
            double drainCeiling = ceiling.lockAndDelete(QueueBench.WORKERS, 200_000);
            ceiling.drop();
            drain = drain(backend, url, ours, drainCeiling);
        }
        if (only.contains("latency")) {
            inProcessLatency(backend, ours, "latency");
            clear(url);
            // Across processes nothing wakes the worker: this is the adaptive poll, with 20 ms between samples.
            double[] across = ChildWorker.latencyMillis(url, ours.connect(), "latency", latencyWarmup, 300, LATENCY_GAP);
            record(backend, "latency_cross_process_p50_ms", across[0], Double.NaN);
            record(backend, "latency_cross_process_p99_ms", across[1], Double.NaN);
            clear(url);
            ceiling.prepare(TABLE);
            durableCommit(backend, url, ceiling.insertOnePerCommit());
            ceiling.drop();
        }
        if (!backend.equals("mariadb")) {
            workerOnly(backend, url, ours);
        }
        if (backend.equals("sqlite") && only.contains("tasks")) {
            record(backend, "task_fanout_per_s", fanOut(url), drain);
        }
        if (only.contains("idle")) {
            idle(backend, url);
        }
        if (only.contains("pool")) {
            poolScaleUp(backend, url);
        }
    }

    /**
     * {@code worker_rss_mb}: the peak RSS of a worker-only JVM ({@link ChildWorker#JVM_FLAGS}) draining the jobs;
     * {@code worker_rss_mb_jvm_defaults} the same with the JVM's default flags, beside it.
     */
    private void workerOnly(String backend, String url, QueueBench ours) throws Exception {
        if (!only.contains("memory")) {
            return;
        }
        ours.fill("worker-only", drainJobs);
        record(backend, "worker_rss_mb", ChildWorker.drainPeakRssMib(ChildWorker.flags(), url, "worker-only", drainJobs),
                Double.NaN);
        clear(url);
        ours.fill("worker-only", drainJobs);
        record(backend, "worker_rss_mb_jvm_defaults", ChildWorker.drainPeakRssMib(List.of(), url, "worker-only",
                drainJobs), Double.NaN);
        clear(url);
    }

    /** What an idle worker-only JVM costs: CPU milliseconds per second and reserve attempts per second. */
    private void idle(String backend, String url) throws Exception {
        double[] cost = ChildWorker.idleCost(url, "idle", Duration.ofSeconds(idleSeconds));
        record(backend, "idle_cpu_ms_per_s", cost[0], Double.NaN);
        record(backend, "idle_polls_per_s", cost[1], Double.NaN);
    }

    /** How long a 5..50 pool takes to reach 50 busy handlers under a burst of slow jobs; no ceiling. */
    private void poolScaleUp(String backend, String url) throws Exception {
        QueueSettings settings = QueueSettings.builder().option(JdbcBackend.TABLE, TABLE).build();
        record(backend, "pool_scale_up_s", PoolBench.scaleUpSeconds(() -> JobQueue.connect(url, settings), "pool"),
                Double.NaN);
        clear(url);
    }

    /** {@code task_fanout_per_s}: the children per second of a measured fan-out, after an unmeasured one. */
    private double fanOut(String url) throws Exception {
        if (taskWarmup > 0) {
            new TaskBench(url).fanOutPerSecond(taskWarmup);
        }
        return new TaskBench(url).fanOutPerSecond(taskChildren);
    }

    /**
     * {@code task_fanout_per_s} with the plain drain of the same run as its ceiling: the target is at least half
     * of it.
     */
    private void taskFanOut(String backend, String url, QueueBench ours) throws Exception {
        ours.fill("warmup", 10_000);
        ours.drain("warmup", 10_000);
        ours.fill("drain", drainJobs);
        double drain = ours.drain("drain", drainJobs).perSecond();
        record(backend, "drain_per_s", drain, Double.NaN);
        clear(url);
        record(backend, "task_fanout_per_s", fanOut(url), drain);
    }

    private void beanstalkd() throws Exception {
        String hostPort = env("JOBQUEUE_BENCH_BEANSTALKD", env("JOBQUEUE_TEST_BEANSTALKD", "127.0.0.1:11300"));
        QueueBench ours = new QueueBench(() -> JobQueue.connect("beanstalkd://" + hostPort), seconds);
        BeanstalkCeiling ceiling = new BeanstalkCeiling(hostPort, seconds);
        String run = Long.toHexString(System.nanoTime());
        record("beanstalkd", "enqueue_per_s", ours.enqueuePerSecond("enqueue-" + run),
                ceiling.putOneAtATime("ceiling-put-" + run));
        record("beanstalkd", "enqueue_bulk_per_s", ours.bulkEnqueuePerSecond("bulk-" + run),
                ceiling.putPipelined("ceiling-bulk-" + run));
        ceiling.fill("ceiling-drain-" + run, 300_000);
        double drainCeiling = ceiling.reserveAndDelete("ceiling-drain-" + run, QueueBench.WORKERS);
        drainAndLatency("beanstalkd", ours, drainCeiling, run);
        // The same drain with jobs added with a header (option jobHeader): the reserve needs no stats-job.
        QueueSettings header = QueueSettings.builder().option(BeanstalkBackend.JOB_HEADER, "true").build();
        QueueBench withHeader = new QueueBench(() -> JobQueue.connect("beanstalkd://" + hostPort, header), seconds);
        withHeader.fill("drain-header" + run, drainJobs);
        record("beanstalkd", "drain_job_header_per_s", withHeader.drain("drain-header" + run, drainJobs).perSecond(),
                drainCeiling);
    }

    /** {@code drain_per_s}, and the peak RSS of this process (which also queued the jobs) while draining. */
    private double drain(String backend, String url, QueueBench ours, double drainCeiling) throws Exception {
        ours.fill("warmup", 10_000);
        ours.drain("warmup", 10_000);
        ours.fill("drain", drainJobs);
        QueueBench.DrainResult drain = ours.drain("drain", drainJobs);
        record(backend, "drain_per_s", drain.perSecond(), drainCeiling);
        record(backend, "bench_process_rss_mb", drain.peakRssMib(), Double.NaN);
        clear(url);
        return drain.perSecond();
    }

    /** Latency between two queue instances of this process (woken by the shared in-process signal). */
    private void inProcessLatency(String backend, QueueBench ours, String metric) throws Exception {
        double[] latency = ours.latencyMillis(metric, latencyWarmup, 300);
        record(backend, metric + "_p50_ms", latency[0], Double.NaN);
        record(backend, metric + "_p99_ms", latency[1], Double.NaN);
    }

    /**
     * {@code durable_commit_ms}: the mean time of one single-row INSERT committed durably by a bare client of the
     * same server, one at a time: the floor under a latency whose path waits for such commits (an add always; on
     * MySQL and MariaDB, whose commits cannot be relaxed per transaction, the reserve's too).
     */
    private void durableCommit(String backend, String url, double commitsPerSecond) throws Exception {
        record(backend, "durable_commit_ms", 1000 / commitsPerSecond, Double.NaN);
        record(backend, "durable_commit_after_idle_ms", IdleCommit.medianMillis(url, LATENCY_GAP, 200), Double.NaN);
    }

    private double drainAndLatency(String backend, QueueBench ours, double drainCeiling, String run)
            throws Exception {
        ours.fill("warmup" + run, 10_000);
        ours.drain("warmup" + run, 10_000);
        ours.fill("drain" + run, drainJobs);
        QueueBench.DrainResult drain = ours.drain("drain" + run, drainJobs);
        record(backend, "drain_per_s", drain.perSecond(), drainCeiling);
        record(backend, "bench_process_rss_mb", drain.peakRssMib(), Double.NaN);
        double[] latency = ours.latencyMillis("latency" + run, latencyWarmup, 300);
        record(backend, "latency_p50_ms", latency[0], Double.NaN);
        record(backend, "latency_p99_ms", latency[1], Double.NaN);
        return drain.perSecond();
    }

    private QueueBench library(String url) {
        QueueSettings settings = QueueSettings.builder().option(JdbcBackend.TABLE, TABLE).build();
        JobQueue.connect(url, settings).close(); // creates the table
        return new QueueBench(() -> JobQueue.connect(url, settings), seconds);
    }

    /** Empties the bench table between measurements, so each starts from the same table. */
    private static void clear(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute((url.startsWith("jdbc:sqlite:") ? "DELETE FROM " : "TRUNCATE TABLE ") + TABLE);
            if (url.startsWith("jdbc:postgresql:")) {
                s.execute("VACUUM ANALYZE " + TABLE);
            }
        }
    }

    private static void vacuum(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE " + TABLE);
        }
    }

    private void record(String backend, String metric, double value, double ceiling) {
        Figure f = new Figure(backend, metric, value, ceiling);
        figures.add(f);
        System.out.println(f.line());
    }

    private void writeJson(Path json) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Figure f : figures) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("backend", f.backend());
            row.put("metric", f.metric());
            row.put("value", f.value());
            row.put("ceiling", Double.isNaN(f.ceiling()) ? null : f.ceiling());
            row.put("ratio", Double.isNaN(f.ratio()) ? null : f.ratio());
            rows.add(row);
        }
        Path parent = json.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), rows);
        System.out.println("bench-json " + json.toAbsolutePath());
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
