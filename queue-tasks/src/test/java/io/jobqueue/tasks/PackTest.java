package io.jobqueue.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Job;
import io.jobqueue.InvalidInputException;
import io.jobqueue.JobState;
import io.jobqueue.tck.Await;
import io.jobqueue.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The children of a fan-out go out several to a job ({@link JobPacking}), and each is still claimed, run, retried,
 * recorded and cancelled on its own ({@link StageRunner}): on SQLite, PostgreSQL and MariaDB with the queue in the
 * store's database, and on beanstalkd through the outbox.
 */
class PackTest {
    private TaskDatabase db;
    /** How many times each child's handler ran, by its item. */
    private final Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();

    private void open(String database) {
        db = TaskDatabase.open(database, Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private TaskManager.Builder manager(int children, TaskHandler child) {
        return TaskManager.builder(db.queue, db.store).pipelinePrefix(db.pipelinePrefix())
                .register(TaskDefinition.builder("parent")
                        .stage("split", ctx -> {
                            ctx.fanOut("child", IntStream.range(0, children).boxed().toList());
                            return null;
                        })
                        .stage("sum", ctx -> ctx.previousStage().orElseThrow().progress())
                        .build())
                .registerWorker("child", ctx -> {
                    runs.computeIfAbsent(ctx.params(Integer.class), k -> new AtomicInteger()).incrementAndGet();
                    return child.handle(ctx);
                });
    }

    /** Queues a parent task and runs {@code worker} until {@code done} says so of it; returns the parent's id. */
    private static long runParent(TaskManager tasks, Worker worker, String what,
            java.util.function.LongPredicate done) {
        worker.start();
        try {
            long id = tasks.queue("parent", null).id();
            Await.until(what, () -> done.test(id));
            return id;
        } finally {
            worker.close();
        }
    }

    private static Worker worker(TaskManager tasks, int concurrency) {
        return tasks.workerBuilder().concurrency(concurrency).backoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb", "beanstalkd"})
    void a_fan_out_goes_out_in_packs_and_every_child_runs_once(String database) throws Exception {
        open(database);
        int children = 1_000; // 1,000 / JobPacking.MIN_JOBS: 7 to a job, under the 8 allowed
        TaskManager tasks = manager(children, ctx -> ctx.params(Integer.class) * 2).childrenPerJob(8).build();
        Worker worker = worker(tasks, 4);
        long id = runParent(tasks, worker, "the parent completes",
                task -> tasks.getTask(task).status() == TaskStatus.COMPLETED);
        assertEquals(2 + (children + 6) / 7, worker.stats().succeeded(),
                "the split's job, one job per pack of 7 children, the last stage's job");
        assertEquals(children, runs.size());
        assertTrue(runs.values().stream().allMatch(n -> n.get() == 1), "each child ran once");
        assertEquals("{\"total\":1000,\"completed\":1000,\"failed\":0}", tasks.getTask(id).result());
        List<Task> all = tasks.list(TaskQuery.all().childrenOf(id).page(0, children));
        assertEquals(children, all.size());
        for (Task child : all) {
            assertEquals(TaskStatus.COMPLETED, child.status());
            assertEquals(1, child.attempts());
            assertEquals(String.valueOf(child.paramsAs(Integer.class) * 2), child.result(), "its own result");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void a_child_that_fails_runs_again_and_the_rest_of_its_pack_do_not(String database) throws Exception {
        open(database);
        int children = 256; // two to a job
        TaskManager tasks = manager(children, ctx -> {
            if (ctx.params(Integer.class) == 5 && runs.get(5).get() == 1) {
                throw new IllegalStateException("five fails once");
            }
            return null;
        }).build();
        Worker worker = worker(tasks, 4);
        long id = runParent(tasks, worker, "the parent completes",
                task -> tasks.getTask(task).status() == TaskStatus.COMPLETED);
        assertEquals(1, worker.stats().retried(), "the pack's job went back once");
        for (int i = 0; i < children; i++) {
            assertEquals(i == 5 ? 2 : 1, runs.get(i).get(), "runs of child " + i);
        }
        Task five = child(tasks, id, 5);
        assertEquals(TaskStatus.COMPLETED, five.status());
        assertEquals(2, five.attempts());
        assertTrue(five.error().contains("five fails once"), five.error());
        assertEquals(1, child(tasks, id, 4).attempts(), "its pack-mate ran once");
        assertEquals("{\"total\":256,\"completed\":256,\"failed\":0}", tasks.getTask(id).result());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void a_child_failing_its_last_attempt_fails_alone_and_its_job_is_buried(String database) throws Exception {
        open(database);
        int children = 256;
        TaskManager tasks = manager(children, ctx -> {
            if (ctx.params(Integer.class) == 7) {
                throw new IllegalStateException("seven always fails");
            }
            return "ok";
        }).maxAttempts(1).build();
        Worker worker = worker(tasks, 4);
        long id = runParent(tasks, worker, "the parent finishes",
                task -> tasks.getTask(task).status().isFinished());
        assertEquals(TaskStatus.COMPLETED, tasks.getTask(id).status(), "the stage's policy is to continue");
        assertEquals("{\"total\":256,\"completed\":255,\"failed\":1}", tasks.getTask(id).result());
        Task seven = child(tasks, id, 7);
        assertEquals(TaskStatus.FAILED, seven.status());
        assertTrue(seven.error().contains("seven always fails"), seven.error());
        assertEquals("\"ok\"", child(tasks, id, 6).result(), "its pack-mate completed");
        assertEquals(1, db.queue.stats(tasks.pipeline("child")).buried(), "the pack's job is buried");
        Job buried = db.queue.listJobs(tasks.pipeline("child"), JobState.BURIED, 0, 10).get(0);
        assertTrue(TaskJob.all(buried).stream().anyMatch(j -> j.task() == seven.id()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void retrying_the_parent_queues_its_failed_children_in_packs_and_deletes_the_buried_job(String database)
            throws Exception {
        open(database);
        int children = 256; // two to a job
        java.util.concurrent.atomic.AtomicBoolean sevenFails = new java.util.concurrent.atomic.AtomicBoolean(true);
        TaskManager tasks = TaskManager.builder(db.queue, db.store).pipelinePrefix(db.pipelinePrefix())
                .register(TaskDefinition.builder("parent")
                        .stage("split", ctx -> {
                            ctx.fanOut("child", IntStream.range(0, children).boxed().toList());
                            return null;
                        }, ChildFailure.FAIL_TASK)
                        .stage("sum", ctx -> ctx.previousStage().orElseThrow().progress())
                        .build())
                .registerWorker("child", ctx -> {
                    if (ctx.params(Integer.class) == 7 && sevenFails.get()) {
                        throw new IllegalStateException("seven fails this time");
                    }
                    return null;
                })
                .maxAttempts(1)
                .build();
        String pipeline = tasks.pipeline("child");
        Worker worker = worker(tasks, 2);
        worker.start();
        try {
            long id = tasks.queue("parent", null).id();
            Await.until("the parent fails", () -> tasks.getTask(id).status() == TaskStatus.FAILED);
            Await.until("only the buried job is left", () -> db.queue.stats(pipeline).total() == 1
                    && db.queue.stats(pipeline).buried() == 1);
            assertEquals(TaskStatus.FAILED, child(tasks, id, 7).status());
            sevenFails.set(false);
            tasks.retry(id);
            Await.until("the parent completes", () -> tasks.getTask(id).status() == TaskStatus.COMPLETED);
            assertEquals("{\"total\":256,\"completed\":256,\"failed\":0}", tasks.getTask(id).result());
            assertEquals(2, child(tasks, id, 7).attempts());
            Await.until("every job is gone, the buried one too", () -> db.queue.stats(pipeline).total() == 0);
        } finally {
            worker.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void cancelling_the_parent_stops_the_children_of_a_pack_that_have_not_started(String database) throws Exception {
        open(database);
        int children = 256;
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TaskManager tasks = manager(children, ctx -> {
            running.countDown();
            release.await();
            return null;
        }).build();
        Worker worker = worker(tasks, 1); // one handler: one pack at a time, one child at a time
        worker.start();
        long id;
        try {
            id = tasks.queue("parent", null).id();
            TaskManagerContract.await(running, "a child runs");
            tasks.cancel(id);
            release.countDown();
            Await.until("the running child finishes", () -> tasks.list(TaskQuery.all().childrenOf(id)
                    .withStatus(TaskStatus.COMPLETED)).size() == 1);
            Await.until("every pack's job is gone", () -> db.queue.stats(tasks.pipeline("child")).total() == 0);
        } finally {
            worker.close();
        }
        assertEquals(1, runs.size(), "only the child that had started ran: " + runs.keySet());
        assertEquals(children - 1, tasks.count(TaskQuery.all().childrenOf(id).withStatus(TaskStatus.CANCELLED)));
        assertEquals(TaskStatus.CANCELLED, tasks.getTask(id).status());
    }

    @Test
    void children_claimed_ahead_when_the_worker_stops_are_queued_again_and_a_cancel_stops_them() throws Exception {
        open("sqlite");
        int children = 4_096; // 32 to a job
        int stuckItem = 100_008; // the second task's ninth child
        CountDownLatch stuck = new CountDownLatch(1);
        TaskManager tasks = TaskManager.builder(db.queue, db.store).pipelinePrefix(db.pipelinePrefix())
                .register(TaskDefinition.builder("parent")
                        .stage("split", ctx -> {
                            int from = ctx.params(Integer.class);
                            ctx.fanOut("child", IntStream.range(from, from + children).boxed().toList());
                            return null;
                        })
                        .build())
                .registerWorker("child", ctx -> {
                    int item = ctx.params(Integer.class);
                    runs.computeIfAbsent(item, k -> new AtomicInteger()).incrementAndGet();
                    if (item == stuckItem) {
                        stuck.countDown();
                        Thread.sleep(60_000); // until the worker's shutdown interrupts it
                    }
                    return null;
                })
                .build();
        Worker worker = tasks.workerBuilder().concurrency(1).shutdownTimeout(Duration.ofMillis(200)).build();
        worker.start();
        // A first task teaches the runner how fast these children run, so the next packs claim many at once.
        long first = tasks.queue("parent", 0).id();
        Await.until("the first task completes", () -> tasks.getTask(first).status() == TaskStatus.COMPLETED);
        long id = tasks.queue("parent", 100_000).id();
        TaskManagerContract.await(stuck, "the ninth child runs");
        List<Integer> ahead = IntStream.range(9, 32).filter(i -> child(tasks, id, i).status() == TaskStatus.STARTED)
                .boxed().toList();
        assertTrue(!ahead.isEmpty(), "children after the ninth were claimed with it");
        worker.close();

        for (int item = 0; item < 8; item++) {
            assertEquals(TaskStatus.COMPLETED, child(tasks, id, item).status(), "item " + item);
        }
        assertEquals(TaskStatus.STARTED, child(tasks, id, 8).status(), "its attempt failed; its job runs it again");
        for (int item : ahead) {
            Task child = child(tasks, id, item);
            assertEquals(TaskStatus.QUEUED, child.status(), "item " + item + " was given back");
            assertEquals(0, child.attempts());
            assertEquals(null, child.startedAt());
        }
        tasks.cancel(id);
        for (int item : ahead) {
            assertEquals(TaskStatus.CANCELLED, child(tasks, id, item).status(), "a cancel stops what had not started");
        }
        assertEquals(9, runs.keySet().stream().filter(item -> item >= 100_000).count(), "only the first nine ran");
    }

    @Test
    void a_fan_out_never_numbers_children_past_a_gap_a_lost_commit_left() throws Exception {
        open("sqlite");
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        TaskManager tasks = TaskManager.builder(db.queue, db.store).pipelinePrefix(db.pipelinePrefix())
                .register(TaskDefinition.builder("gappy")
                        .stage("split", ctx -> {
                            ctx.fanOut("child", List.of(0, 1, 2));
                            deleteChildren(ctx.taskId()); // as if that commit had been lost
                            try {
                                ctx.fanOut("child", List.of(3, 4));
                            } catch (RuntimeException e) {
                                failures.add(String.valueOf(e.getMessage()));
                                throw e;
                            }
                            return null;
                        })
                        .build())
                .registerWorker("child", ctx -> null)
                .maxAttempts(1)
                .build();
        Worker worker = worker(tasks, 1);
        worker.start();
        long id;
        try {
            id = tasks.queue("gappy", null).id();
            Await.until("the task fails", () -> tasks.getTask(id).status() == TaskStatus.FAILED);
        } finally {
            worker.close();
        }
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).contains("starts at 3"), failures.get(0));
        assertEquals(0, tasks.count(TaskQuery.all().childrenOf(id)), "children 3 and 4 were not created");
    }

    private void deleteChildren(long parent) {
        db.store.inTransaction("losing children", t -> {
            try (var ps = t.connection().prepareStatement("DELETE FROM " + db.store.tables().tasks()
                    + " WHERE parent_id = ?")) {
                ps.setLong(1, parent);
                return ps.executeUpdate();
            }
        });
    }

    @Test
    void a_pack_of_tasks_whose_definition_now_has_two_stages_runs_each_on_the_general_path() throws Exception {
        open("sqlite");
        TaskManager tasks = TaskManager.builder(db.queue, db.store).pipelinePrefix(db.pipelinePrefix())
                .register(TaskDefinition.builder("grown")
                        .stage("first", ctx -> ctx.params(Integer.class) + 1)
                        .stage("second", ctx -> ctx.previousStage().orElseThrow().resultAs(Integer.class) * 10)
                        .build())
                .build();
        // Packed by a process that knew "grown" with one stage: rows without jobs of their own, and one pack.
        List<Long> ids = tasks.store().inTransaction("inserting two tasks", t -> List.of(
                tasks.taskRows().insert(t, "grown", "1", 1024, 60_000),
                tasks.taskRows().insert(t, "grown", "2", 1024, 60_000)));
        db.queue.selectPipeline(tasks.pipeline("grown")).addJob(TaskJob.payloads(ids, 0, 2).get(0));
        Worker worker = worker(tasks, 2);
        worker.start();
        try {
            for (long id : ids) {
                TaskManagerContract.awaitStatus(tasks, id, TaskStatus.COMPLETED);
            }
        } finally {
            worker.close();
        }
        assertEquals("20", tasks.getTask(ids.get(0)).result());
        assertEquals("30", tasks.getTask(ids.get(1)).result());
    }

    @Test
    void packing_is_for_one_stage_tasks_at_their_first_stage_and_known_definitions() {
        open("sqlite");
        TaskDefinition one = TaskDefinition.of("one", ctx -> null);
        TaskDefinition two = TaskDefinition.builder("two").stage("a", ctx -> null).stage("b", ctx -> null).build();
        JobPacking packing = new JobPacking(Map.of("one", one, "two", two), 32);
        assertEquals(1, packing.perJob("one", 0, 2 * JobPacking.MIN_JOBS - 1), "too few to share");
        assertEquals(2, packing.perJob("one", 0, 2 * JobPacking.MIN_JOBS));
        assertEquals(32, packing.perJob("one", 0, 100_000), "at most the setting");
        assertEquals(1, packing.perJob("one", 1, 100_000));
        assertEquals(1, packing.perJob("two", 0, 100_000));
        assertEquals(1, packing.perJob("unknown", 0, 100_000));
        assertThrows(InvalidInputException.class, () -> TaskManager.builder(db.queue, db.store)
                .registerWorker("one", ctx -> null).childrenPerJob(0).build());
    }

    @Test
    void a_pack_payload_names_its_tasks_and_the_single_form_still_reads() {
        List<String> payloads = TaskJob.payloads(List.of(11L, 12L, 13L, 14L, 15L), 0, 2);
        assertEquals(List.of("{\"tasks\":[11,12],\"stage\":0}", "{\"tasks\":[13,14],\"stage\":0}",
                "{\"task\":15,\"stage\":0}"), payloads);
        assertEquals(List.of(new TaskJob(11, 0, 9), new TaskJob(12, 0, 9)), TaskJob.all(job(payloads.get(0))));
        assertEquals(List.of(new TaskJob(15, 0, 9)), TaskJob.all(job(payloads.get(2))));
        for (String bad : List.of("{\"tasks\":[],\"stage\":0}", "{\"tasks\":[\"x\"],\"stage\":0}",
                "{\"tasks\":[1]}", "not json")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskJob.all(job(bad)));
            assertTrue(e.getMessage().contains("is not a task's job"), e.getMessage());
        }
    }

    private static Job job(String payload) {
        return new Job(9, "tasks.child", payload.getBytes(StandardCharsets.UTF_8), 1024, Duration.ofMinutes(1),
                JobState.RESERVED, 1, Instant.EPOCH, 1, null);
    }

    private static Task child(TaskManager tasks, long parent, int item) {
        return tasks.list(TaskQuery.all().childrenOf(parent).page(item, 1)).get(0);
    }
}
