package io.jobqueue.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.jdbc.JdbcBackend;
import io.jobqueue.worker.Worker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The worker side of the cross-process figures, run in a JVM of its own by {@link ChildWorker}: only the worker
 * runtime on the bench table, as a worker-only process in production would run. Talks to the bench by lines:
 *
 * <pre>java -cp bench.jar io.jobqueue.bench.WorkerProcess latency|drain|idle URL PIPELINE [JOBS]</pre>
 *
 * <ul>
 *   <li>{@code latency}: one handler; the payload is the producer's wall clock in microseconds since the epoch
 *       ({@link Instant#now()}, shared by both JVMs of one machine); prints {@code latency <micros>} when the
 *       handler starts.</li>
 *   <li>{@code drain}: {@value QueueBench#WORKERS} handlers, batches of {@value QueueBench#DRAIN_BATCH}; prints
 *       {@code drained} once JOBS jobs were handled, then waits (the bench reads its peak RSS).</li>
 *   <li>{@code idle}: one handler on an empty pipeline, over a pool that counts the connections it lends (one
 *       per reserve attempt when idle); answers each stdin line with {@code borrows <n>}.</li>
 * </ul>
 * Prints {@code ready} once the worker runs; exits when stdin closes.
 */
public final class WorkerProcess {
    private WorkerProcess() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String url = args[1];
        String pipeline = args[2];
        PrintStream out = System.out;
        QueueSettings settings = QueueSettings.builder().option(JdbcBackend.TABLE, Bench.TABLE).build();
        AtomicLong borrows = new AtomicLong();
        HikariDataSource pool = null;
        JobQueue queue;
        if (mode.equals("idle")) {
            pool = pool(url);
            queue = JdbcBackend.queue(counting(pool, borrows), settings);
        } else {
            queue = JobQueue.connect(url, settings);
        }
        Worker.Builder builder = Worker.builder(queue).heartbeatInterval(Duration.ZERO);
        switch (mode) {
            case "latency" -> builder.registerWorker(pipeline, job -> {
                Instant now = Instant.now();
                long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
                long sent = Long.parseLong(job.payloadAsString());
                synchronized (out) {
                    out.println("latency " + (micros - sent));
                    out.flush();
                }
            }).concurrency(1).reserveTimeout(Duration.ofSeconds(1));
            case "drain" -> {
                int jobs = Integer.parseInt(args[3]);
                AtomicLong handled = new AtomicLong();
                builder.registerWorker(pipeline, job -> {
                    if (handled.incrementAndGet() == jobs) {
                        synchronized (out) {
                            out.println("drained");
                            out.flush();
                        }
                    }
                }).concurrency(QueueBench.WORKERS).batchSize(QueueBench.DRAIN_BATCH)
                        .reserveThreads(QueueBench.RESERVE_THREADS).reserveTimeout(Duration.ofMillis(200));
            }
            case "idle" -> builder.registerWorker(pipeline, job -> { }).concurrency(1)
                    .reserveTimeout(Duration.ofSeconds(1));
            default -> throw new IllegalArgumentException("unknown mode " + mode + ": use latency, drain or idle");
        }
        Worker worker = builder.build();
        worker.start();
        synchronized (out) {
            out.println("ready");
            out.flush();
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            synchronized (out) {
                out.println("borrows " + borrows.get());
                out.flush();
            }
        }
        worker.close();
        queue.close();
        if (pool != null) {
            pool.close();
        }
    }

    /** A pool like the one the library builds for a URL (the idle figure needs to count what it lends). */
    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(JdbcBackend.DEFAULT_POOL_SIZE);
        if (url.startsWith("jdbc:sqlite:")) {
            config.addDataSourceProperty("busy_timeout", "30000");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        } else if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        }
        return new HikariDataSource(config);
    }

    /** {@code pool}, counting each connection it lends. */
    private static DataSource counting(DataSource pool, AtomicLong borrows) {
        return (DataSource) Proxy.newProxyInstance(WorkerProcess.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, methodArgs) -> {
                    if (method.getName().equals("getConnection") && method.getReturnType() == Connection.class) {
                        borrows.incrementAndGet();
                    }
                    try {
                        return method.invoke(pool, methodArgs);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
