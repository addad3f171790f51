package io.jobqueue.dashboard;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tasks.TaskDefinition;
import io.jobqueue.tasks.TaskManager;
import io.jobqueue.tasks.TaskStore;
import io.jobqueue.tck.SqliteFiles;
import io.jobqueue.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An application the dashboard is embedded in, on a SQLite file of its own: a queue, a task store in the same
 * database, task definitions the tests use, workers when asked for, and the dashboard on a free port.
 *
 * <ul>
 *   <li>{@code fanout}: params a list of items; stage {@code split} fans out one {@code item} child per item,
 *       stage {@code report} returns the counts.
 *   <li>{@code item}: returns the item's length; fails when the item contains "fail".
 *   <li>{@code explode}: always fails, with markup in its message.
 *   <li>{@code square}: returns params squared.
 *   <li>{@code slow}: runs until cancelled (30 s at most).
 * </ul>
 */
final class TestApp implements AutoCloseable {
    /** The dashboard reads the worker registry this often, so a test sees throughput within a second. */
    static final Duration SAMPLE_INTERVAL = Duration.ofMillis(200);
    /** The workers' heartbeats: their counts reach the registry this often. */
    static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(250);

    /** The SQLite file's URL: another backend can open the same queue. */
    final String queueUrl;
    final JobQueue queue;
    final TaskStore store;
    final TaskManager tasks;
    final Dashboard dashboard;
    private final List<Worker> workers = new ArrayList<>();

    TestApp(java.util.function.UnaryOperator<Dashboard.Builder> settings) {
        String url = SqliteFiles.freshUrl("dashboard");
        queueUrl = url;
        queue = JobQueue.connect(url, QueueSettings.builder().pollInterval(Duration.ofMillis(20)).build());
        store = TaskStore.builder().url(url).build();
        tasks = TaskManager.builder(queue, store).maxAttempts(1)
                .register(TaskDefinition.builder("fanout")
                        .stage("split", ctx -> {
                            ctx.fanOut("item", ctx.params(List.class), 1);
                            return null;
                        })
                        .stage("report", ctx -> ctx.previousStage().orElseThrow().progress())
                        .build())
                .registerWorker("item", ctx -> {
                    String item = ctx.params(String.class);
                    if (item.contains("fail")) {
                        throw new IllegalArgumentException("cannot check '" + item + "'");
                    }
                    Thread.sleep(5);
                    return item.length();
                })
                .registerWorker("explode", ctx -> {
                    throw new IllegalStateException("boom <script>alert('explode')</script>");
                })
                .registerWorker("square", ctx -> {
                    int n = ctx.params(Integer.class);
                    return n * n;
                })
                .registerWorker("slow", ctx -> {
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (!ctx.isCancelled() && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    return "stopped";
                })
                .build();
        dashboard = settings.apply(Dashboard.builder(queue, tasks).port(0).sampleInterval(SAMPLE_INTERVAL)).start();
    }

    TestApp() {
        this(b -> b);
    }

    String url(String path) {
        return dashboard.url() + path;
    }

    void startWorkers(int concurrency) {
        Worker worker = tasks.workerBuilder().concurrency(concurrency)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(50)).heartbeatInterval(HEARTBEAT_INTERVAL).build();
        workers.add(worker);
        worker.start();
    }

    @Override
    public void close() {
        dashboard.close();
        for (Worker worker : workers) {
            worker.shutdown();
        }
        try {
            for (Worker worker : workers) {
                worker.awaitTermination(Duration.ofSeconds(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            store.close();
            queue.close();
        }
    }
}
