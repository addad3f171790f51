package io.jobqueue.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Job;
import io.jobqueue.JobState;
import io.jobqueue.tck.Await;
import io.jobqueue.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * One-stage tasks are completed in the worker's delete batches ({@link StageRunner#beforeDelete}), on SQLite: the
 * completions happen on the acknowledger's thread, the returns kept meanwhile are all stored or let go of, and a
 * job is deleted only after its task is stored.
 */
class BatchedFinishTest {
    private TaskDatabase db;

    @BeforeEach
    void open() {
        db = TaskDatabase.open("sqlite", Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private TaskManager.Builder manager() {
        return TaskManager.builder(db.queue, db.store).pipelinePrefix(db.pipelinePrefix());
    }

    /** A worker running {@code runner} for every task pipeline of {@code tasks}. */
    private Worker worker(TaskManager tasks, StageRunner runner, int concurrency, Duration shutdownTimeout) {
        Worker.Builder builder = Worker.builder(db.queue).concurrency(concurrency).shutdownTimeout(shutdownTimeout)
                .maxAttempts(tasks.maxAttempts());
        for (String name : tasks.definitionNames()) {
            builder.registerWorker(tasks.pipeline(name), runner);
        }
        return builder.build();
    }

    /** The job whose claim started the task. */
    private long claimJobId(long taskId) {
        return db.store.read("reading the claim of task " + taskId, t -> {
            try (PreparedStatement ps = t.connection().prepareStatement("SELECT claim_job_id FROM "
                    + db.store.tables().tasks() + " WHERE id = ?")) {
                ps.setLong(1, taskId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Test
    void a_fan_outs_children_complete_in_the_acknowledgers_batches() throws Exception {
        int children = 300;
        Set<String> completedOn = ConcurrentHashMap.newKeySet();
        Set<String> deletedBefore = ConcurrentHashMap.newKeySet();
        TaskManager tasks = manager()
                .register(TaskDefinition.builder("parent")
                        .stage("split", ctx -> {
                            ctx.fanOut("child", IntStream.range(0, children).boxed().toList());
                            return null;
                        })
                        .stage("sum", ctx -> ctx.previousStage().orElseThrow().progress().completed())
                        .build())
                .registerWorker("child", ctx -> ctx.params(Integer.class))
                .onCompleted(task -> {
                    if (task.parentId() != null) {
                        completedOn.add(Thread.currentThread().getName().replaceAll("-\\d+$", ""));
                        // The child's job is still there: it is deleted only after this state is stored.
                        if (db.queue.peek(claimJobId(task.id())).map(Job::state).orElse(null) != JobState.RESERVED) {
                            deletedBefore.add("task " + task.id());
                        }
                    }
                })
                .build();
        StageRunner runner = new StageRunner(tasks);
        Worker worker = worker(tasks, runner, 8, Duration.ofSeconds(30));
        worker.start();
        try {
            long id = tasks.queue("parent", null).id();
            Await.until("the parent completes", Duration.ofSeconds(60),
                    () -> tasks.getTask(id).status() == TaskStatus.COMPLETED);
            assertEquals(new Progress(children, children, 0), tasks.stages(id).get(0).progress());
            assertEquals(String.valueOf(children), tasks.getTask(id).result(), "the last stage ran once, after all");
        } finally {
            worker.close();
        }
        assertTrue(completedOn.size() == 1 && completedOn.iterator().next().endsWith("-acknowledger"),
                "every child completed on the acknowledger's thread: " + completedOn);
        assertEquals(Set.of(), deletedBefore);
        assertEquals(0, runner.pendingReturns(), "every return was stored and let go of");
    }

    @Test
    void a_return_after_shutdown_took_the_job_is_not_stored_and_not_kept() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        TaskManager tasks = manager()
                .registerWorker("stubborn", ctx -> {
                    running.countDown();
                    try {
                        never.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        return "interrupted"; // returns normally although its job was taken from it
                    }
                    return "late";
                })
                .build();
        StageRunner runner = new StageRunner(tasks);
        Worker worker = worker(tasks, runner, 1, Duration.ofMillis(100));
        long id = tasks.queue("stubborn", null).id();
        worker.start();
        assertTrue(running.await(30, TimeUnit.SECONDS), "the task runs");
        worker.close();

        assertEquals(0, runner.pendingReturns(), "the dropped job's return is not kept");
        Task task = tasks.getTask(id);
        assertEquals(TaskStatus.STARTED, task.status(), "not completed: its job was released to run again");
        assertEquals(1, db.queue.stats(tasks.pipeline("stubborn")).ready(), "its job was given back");
    }

    @Test
    void a_failing_child_keeps_nothing_and_the_others_complete() throws Exception {
        TaskManager tasks = manager()
                .register(TaskDefinition.builder("parent")
                        .stage("split", ctx -> {
                            ctx.fanOut("child", List.of(1, 2, 3, 4));
                            return null;
                        })
                        .build())
                .registerWorker("child", ctx -> {
                    if (ctx.params(Integer.class) == 3) {
                        throw new IllegalStateException("three fails");
                    }
                    return null;
                })
                .maxAttempts(1)
                .build();
        StageRunner runner = new StageRunner(tasks);
        Worker worker = worker(tasks, runner, 4, Duration.ofSeconds(30));
        worker.start();
        try {
            long id = tasks.queue("parent", null).id();
            Await.until("the parent finishes", Duration.ofSeconds(30), () -> tasks.getTask(id).status().isFinished());
            assertEquals(new Progress(4, 3, 1), tasks.getTask(id).progress());
        } finally {
            worker.close();
        }
        assertEquals(0, runner.pendingReturns());
    }
}
