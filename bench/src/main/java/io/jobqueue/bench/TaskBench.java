package io.jobqueue.bench;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.jdbc.JdbcBackend;
import io.jobqueue.tasks.TaskDefinition;
import io.jobqueue.tasks.TaskManager;
import io.jobqueue.tasks.TaskStatus;
import io.jobqueue.tasks.TaskStore;
import io.jobqueue.worker.Worker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;

/**
 * {@code task_fanout_per_s}: one task whose first stage fans out {@code children} no-op children and whose second
 * stage runs once they have all finished; children per second from queueing the task until it has completed
 * (the fan-out's inserts, every child's start and end, and the final stage), with the worker runtime on the
 * store's own database.
 */
final class TaskBench {
    static final String PREFIX = "jobqueue_bench_";
    /**
     * Handler threads (BENCH_TASK_HANDLERS, default 64): a no-op child spends its time waiting for the shared
     * commits of its start and end, so more threads make bigger batches.
     */
    static final int HANDLERS = Integer.parseInt(System.getenv().getOrDefault("BENCH_TASK_HANDLERS", "64"));

    private final String url;

    TaskBench(String url) {
        this.url = url;
    }

    double fanOutPerSecond(int children) throws Exception {
        drop();
        QueueSettings settings = QueueSettings.builder().option(JdbcBackend.TABLE, PREFIX + "jobs")
                .pollInterval(Duration.ofMillis(20)).build();
        try (JobQueue queue = JobQueue.connect(url, settings);
                TaskStore store = TaskStore.builder().url(url).tablePrefix(PREFIX).poolSize(HANDLERS / 2).build()) {
            TaskManager tasks = TaskManager.builder(queue, store)
                    .register(TaskDefinition.builder("fan")
                            .stage("split", ctx -> {
                                ctx.fanOut("noop", Collections.nCopies(ctx.params(Integer.class), 0), 1);
                                return null;
                            })
                            .stage("finalize", ctx -> ctx.previousStage().orElseThrow().progress())
                            .build())
                    .registerWorker("noop", ctx -> null)
                    .build();
            Worker worker = tasks.workerBuilder().concurrency(HANDLERS).batchSize(QueueBench.DRAIN_BATCH)
                    .reserveTimeout(Duration.ofMillis(200)).build();
            worker.start();
            try {
                long start = System.nanoTime();
                long id = tasks.queue("fan", children).id();
                long deadline = start + Duration.ofMinutes(10).toNanos();
                TaskStatus status;
                long split = 0;
                while (!(status = tasks.getTask(id).status()).isFinished()) {
                    if (split == 0 && tasks.stages(id).stream().anyMatch(s -> s.index() == 0
                            && s.status() != TaskStatus.STARTED)) {
                        split = System.nanoTime();
                        System.out.printf("bench-note task_fanout: the split stage returned after %d ms%n",
                                (split - start) / 1_000_000);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the fan-out of " + children + " children took over 10"
                                + " minutes: " + tasks.getTask(id));
                    }
                    Thread.sleep(20);
                }
                double perSecond = Timing.perSecond(children, start);
                if (status != TaskStatus.COMPLETED || tasks.getTask(id).progress().completed() != children) {
                    throw new IllegalStateException("the fan-out task ended " + status + ": " + tasks.getTask(id));
                }
                return perSecond;
            } finally {
                worker.close();
            }
        } finally {
            drop();
        }
    }

    private void drop() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String table : new String[] {PREFIX + "tasks", PREFIX + "task_stages", PREFIX + "jobs",
                    PREFIX + "jobs_schema", PREFIX + "jobs_pipelines"}) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }
}
