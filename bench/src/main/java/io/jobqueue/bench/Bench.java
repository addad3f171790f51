package io.jobqueue.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.jdbc.JdbcBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark: for each backend, our figures and the bare ceiling of the same server, side by side in one
 * run. Prints one line per figure and writes them all as JSON.
 *
 * <pre>java -jar bench.jar [--json file] [--tasks-only | --drain-only] [sqlite] [postgres] [mariadb] [beanstalkd] [rabbitmq]</pre>
 *
 * Servers: JOBQUEUE_BENCH_POSTGRES_URL, JOBQUEUE_BENCH_MYSQL_URL, JOBQUEUE_BENCH_BEANSTALKD (host:port),
 * JOBQUEUE_BENCH_RABBITMQ_URL; sizes: BENCH_SECONDS (per rate measurement, default 3), BENCH_DRAIN_JOBS (default
 * 100000), BENCH_TASK_CHILDREN (children of the fan-out task, default 100000). {@code --tasks-only} measures only
 * {@code task_fanout_per_s} beside {@code drain_per_s} (SQLite and PostgreSQL); {@code --drain-only} only
 * {@code drain_per_s} beside its ceiling (the JDBC backends).
 */
public final class Bench {
    static final String TABLE = "jobqueue_bench";
    private final double seconds = Double.parseDouble(env("BENCH_SECONDS", "3"));
    private final int drainJobs = Integer.parseInt(env("BENCH_DRAIN_JOBS", "100000"));
    private final int taskChildren = Integer.parseInt(env("BENCH_TASK_CHILDREN", "100000"));
    private boolean tasksOnly;
    private boolean drainOnly;
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
            } else if (args[i].equals("--drain-only")) {
                bench.drainOnly = true;
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
        ceiling.prepare(TABLE);
        if (drainOnly) {
            double drainCeiling = ceiling.lockAndDelete(100, QueueBench.WORKERS, 600_000);
            ceiling.drop();
            record("postgres", "drain_per_s", drain(url, ours), drainCeiling);
            return;
        }
        record("postgres", "enqueue_per_s", ours.enqueuePerSecond("enqueue"), ceiling.insertOnePerCommit());
        clear(url);
        record("postgres", "enqueue_bulk_per_s", ours.bulkEnqueuePerSecond("bulk"), ceiling.insertHundredPerCommit());
        clear(url);
        double drainCeiling = ceiling.lockAndDelete(100, QueueBench.WORKERS, 600_000);
        double oneAtATime = ceiling.lockAndDelete(1, QueueBench.WORKERS, 60_000);
        ceiling.drop();
        double drain = drainAndLatency("postgres", url, ours, drainCeiling);
        record("postgres", "drain_per_s_vs_one_job_per_statement", drain, oneAtATime);
        record("postgres", "task_fanout_per_s", new TaskBench(url).fanOutPerSecond(taskChildren), drain);

        // Both depths are filled, then vacuumed and analysed as a long-lived queue table would be by autovacuum,
        // so neither drain pays for hint bits or a vacuum of the fresh rows. The shallow rate is the median of three.
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
        poolScaleUp("postgres", url);
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
        ceiling.prepare(TABLE);
        if (drainOnly) {
            double drainCeiling = ceiling.lockAndDelete(QueueBench.WORKERS, 200_000);
            ceiling.drop();
            record(backend, "drain_per_s", drain(url, ours), drainCeiling);
            return;
        }
        record(backend, "enqueue_per_s", ours.enqueuePerSecond("enqueue"), ceiling.insertOnePerCommit());
        clear(url);
        record(backend, "enqueue_bulk_per_s", ours.bulkEnqueuePerSecond("bulk"), ceiling.insertHundredPerCommit());
        clear(url);
        double drainCeiling = ceiling.lockAndDelete(QueueBench.WORKERS, 200_000);
        ceiling.drop();
        double drain = drainAndLatency(backend, url, ours, drainCeiling);
        if (backend.equals("sqlite")) {
            record(backend, "task_fanout_per_s", new TaskBench(url).fanOutPerSecond(taskChildren), drain);
        }
        poolScaleUp(backend, url);
    }

    /** The drain alone, after the same warm-up as {@link #drainAndLatency}. */
    private double drain(String url, QueueBench ours) throws Exception {
        ours.fill("warmup", 10_000);
        ours.drain("warmup", 10_000);
        ours.fill("drain", drainJobs);
        double perSecond = ours.drain("drain", drainJobs).perSecond();
        clear(url);
        return perSecond;
    }

    /** How long a 5..50 pool takes to reach 50 busy handlers under a burst of slow jobs; no ceiling. */
    private void poolScaleUp(String backend, String url) throws Exception {
        QueueSettings settings = QueueSettings.builder().option(JdbcBackend.TABLE, TABLE).build();
        record(backend, "pool_scale_up_s", PoolBench.scaleUpSeconds(() -> JobQueue.connect(url, settings), "pool"),
                Double.NaN);
        clear(url);
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
        record(backend, "task_fanout_per_s", new TaskBench(url).fanOutPerSecond(taskChildren), drain);
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
        drainAndLatency("beanstalkd", null, ours, drainCeiling, run);
    }

    private double drainAndLatency(String backend, String url, QueueBench ours, double drainCeiling) throws Exception {
        return drainAndLatency(backend, url, ours, drainCeiling, "");
    }

    private double drainAndLatency(String backend, String url, QueueBench ours, double drainCeiling, String run)
            throws Exception {
        ours.fill("warmup" + run, 10_000);
        ours.drain("warmup" + run, 10_000);
        ours.fill("drain" + run, drainJobs);
        QueueBench.DrainResult drain = ours.drain("drain" + run, drainJobs);
        record(backend, "drain_per_s", drain.perSecond(), drainCeiling);
        record(backend, "worker_rss_mb", drain.peakRssMib(), Double.NaN);
        if (url != null) {
            clear(url);
        }
        double[] latency = ours.latencyMillis("latency" + run, 300);
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
