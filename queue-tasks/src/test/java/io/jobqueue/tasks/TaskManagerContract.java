package io.jobqueue.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobqueue.Capability;
import io.jobqueue.InvalidInputException;
import io.jobqueue.tck.Await;
import io.jobqueue.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What tasks do on every database a task store runs on, against the real server: a subclass per database names
 * it. Workers run in this JVM on the real worker runtime; each test has tables and pipelines of its own.
 */
abstract class TaskManagerContract {
    private static final long WAIT_SECONDS = 30;

    final MovableClock clock = new MovableClock();
    TaskDatabase db;
    private final List<Worker> workers = new ArrayList<>();
    private final Set<TaskManager> managers = new LinkedHashSet<>();

    /** {@code sqlite}, {@code postgresql}, {@code mariadb}, {@code beanstalkd} or {@code rabbitmq}. */
    abstract String database();

    /** Why the queue lacks {@code capability}, for the message of a test skipped for it. */
    String lacking(Capability capability) {
        return "not declared by " + db.queue;
    }

    /** Skips the rest of the test, with the reason, unless the queue has {@code capability}. */
    void assumeCapability(Capability capability) {
        assumeTrue(db.queue.capabilities().contains(capability),
                () -> database() + " lacks " + capability + ": " + lacking(capability));
    }

    @BeforeEach
    void openDatabase() {
        db = TaskDatabase.open(database(), clock);
    }

    @AfterEach
    void closeDatabase() throws Exception {
        for (Worker worker : workers) {
            worker.shutdown();
        }
        for (Worker worker : workers) {
            worker.awaitTermination(Duration.ofSeconds(WAIT_SECONDS));
        }
        managers.forEach(TaskManager::close); // their outbox sweepers, on a queue without transactions
        db.close();
    }

    TaskManager.Builder manager() {
        return TaskManager.builder(db.queue, db.store).pipelinePrefix(db.pipelinePrefix());
    }

    /** Starts {@code count} workers of the manager's tasks, each running {@code concurrency} at once. */
    void startWorkers(TaskManager manager, int count, int concurrency) {
        managers.add(manager);
        for (int i = 0; i < count; i++) {
            Worker worker = manager.workerBuilder().concurrency(concurrency)
                    .backoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();
            workers.add(worker);
            worker.start();
        }
    }

    static void awaitStatus(TaskManager manager, long id, TaskStatus status) {
        Await.until("task " + id + " is " + status, () -> manager.getTask(id).status() == status);
    }

    static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS), "timed out waiting until " + what);
    }

    @Nested
    class Statuses {
        @Test
        void a_task_is_queued_until_a_worker_runs_it_then_completed_with_its_result() {
            TaskManager tasks = manager().registerWorker("square", ctx -> {
                int n = ctx.params(Integer.class);
                return Map.of("square", n * n);
            }).build();

            Task queued = tasks.queue("square", 12);
            assertEquals(TaskStatus.QUEUED, queued.status());
            assertEquals("12", queued.params());
            assertNull(queued.startedAt());
            assertEquals(TaskStatus.QUEUED, tasks.getTask(queued.id()).status(), "no worker yet");

            startWorkers(tasks, 1, 2);
            awaitStatus(tasks, queued.id(), TaskStatus.COMPLETED);

            Task done = tasks.getTask(queued.id());
            assertEquals("{\"square\":144}", done.result());
            assertEquals(144, done.resultAs(Map.class).orElseThrow().get("square"));
            assertEquals(1, done.attempts());
            assertNull(done.error());
            assertNotNull(done.startedAt());
            assertNotNull(done.finishedAt());
            assertFalse(done.finishedAt().isBefore(done.startedAt()));
            assertEquals(List.of(), tasks.stages(done.id()), "a one-stage task without children needs no stage row");
        }

        @Test
        void a_running_stage_shows_started() throws Exception {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            TaskManager tasks = manager().registerWorker("slow", ctx -> {
                running.countDown();
                release.await();
                return "done";
            }).build();
            long id = tasks.queue("slow", null).id();
            startWorkers(tasks, 1, 1);
            await(running, "the handler runs");

            assertEquals(TaskStatus.STARTED, tasks.getTask(id).status());
            release.countDown();
            awaitStatus(tasks, id, TaskStatus.COMPLETED);
            assertEquals("\"done\"", tasks.getTask(id).result());
        }

        @Test
        void a_stage_whose_children_have_not_finished_shows_waiting_with_its_progress() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            TaskManager tasks = manager()
                    .registerWorker("parent", ctx -> {
                        ctx.fanOut("blocked", List.of(1, 2, 3));
                        return null;
                    })
                    .registerWorker("blocked", ctx -> {
                        release.await();
                        return ctx.params(Integer.class);
                    })
                    .build();
            long id = tasks.queue("parent", null).id();
            startWorkers(tasks, 1, 4);

            awaitStatus(tasks, id, TaskStatus.WAITING);
            assertEquals(new Progress(3, 0, 0), tasks.getTask(id).progress());
            release.countDown();
            awaitStatus(tasks, id, TaskStatus.COMPLETED);
            assertEquals(new Progress(3, 3, 0), tasks.getTask(id).progress());
            assertEquals(3, tasks.count(TaskQuery.all().childrenOf(id).withStatus(TaskStatus.COMPLETED)));
        }

        @Test
        void a_task_failing_every_attempt_fails_with_its_error_and_its_job_is_buried() {
            AtomicInteger calls = new AtomicInteger();
            List<Task> failedListener = new CopyOnWriteArrayList<>();
            TaskManager tasks = manager()
                    .registerWorker("doomed", ctx -> {
                        throw new IllegalStateException("no luck in call " + calls.incrementAndGet());
                    })
                    .maxAttempts(3)
                    .onFailed(failedListener::add)
                    .build();
            long id = tasks.queue("doomed", "x").id();
            startWorkers(tasks, 1, 1);

            awaitStatus(tasks, id, TaskStatus.FAILED);
            Task failed = tasks.getTask(id);
            assertEquals(3, failed.attempts());
            assertTrue(failed.error().contains("IllegalStateException: no luck in call 3"), failed.error());
            assertTrue(failed.error().contains("\tat "), "the stack trace is kept: " + failed.error());
            assertNull(failed.result());
            Await.until("the job is buried", () -> db.queue.getBuriedCount(tasks.pipeline("doomed")) == 1);
            Await.until("the listener ran", () -> failedListener.size() == 1);
            assertEquals(TaskStatus.FAILED, failedListener.get(0).status(), "listeners see the stored state");
        }

        @Test
        void a_cancelled_task_never_starts() throws Exception {
            AtomicInteger calls = new AtomicInteger();
            TaskManager tasks = manager().registerWorker("never", ctx -> calls.incrementAndGet()).build();
            long id = tasks.queue("never", null).id();

            assertTrue(tasks.cancel(id));
            assertEquals(TaskStatus.CANCELLED, tasks.getTask(id).status());
            assertNotNull(tasks.getTask(id).finishedAt());
            assertFalse(tasks.cancel(id), "a finished task is not cancelled again");

            startWorkers(tasks, 1, 1);
            Await.until("the job is consumed", () -> db.queue.stats(tasks.pipeline("never")).total() == 0);
            assertEquals(0, calls.get());
            assertEquals(TaskStatus.CANCELLED, tasks.getTask(id).status());
        }

        @Test
        void completed_listeners_run_after_the_state_is_stored() {
            List<TaskStatus> seen = new CopyOnWriteArrayList<>();
            TaskManager[] self = new TaskManager[1];
            self[0] = manager()
                    .registerWorker("noted", ctx -> "ok")
                    .onCompleted(task -> seen.add(self[0].getTask(task.id()).status()))
                    .build();
            self[0].queue("noted", null);
            startWorkers(self[0], 1, 1);
            Await.until("the listener ran", () -> seen.size() == 1);
            assertEquals(List.of(TaskStatus.COMPLETED), seen, "read back in the listener: already committed");
        }
    }

    @Nested
    class Cancel {
        @Test
        void cancelling_a_waiting_task_stops_its_children_that_have_not_started() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger started = new AtomicInteger();
            TaskManager tasks = manager()
                    .registerWorker("parent", ctx -> {
                        ctx.fanOut("child", IntStream.range(0, 20).boxed().toList());
                        return null;
                    })
                    .registerWorker("child", ctx -> {
                        started.incrementAndGet();
                        release.await();
                        return null;
                    })
                    .build();
            long id = tasks.queue("parent", null).id();
            startWorkers(tasks, 1, 2); // one thread for the parent, then two children at a time
            Await.until("two children run", () -> started.get() == 2);
            awaitStatus(tasks, id, TaskStatus.WAITING);

            assertTrue(tasks.cancel(id));
            release.countDown();

            TaskQuery children = TaskQuery.all().childrenOf(id);
            Await.until("the running children finish", () -> tasks.count(children.withStatus(TaskStatus.COMPLETED)) == 2);
            Await.until("the queue is drained", () -> db.queue.stats(tasks.pipeline("child")).total() == 0);
            assertEquals(2, started.get(), "no child started after the cancel");
            assertEquals(18, tasks.count(children.withStatus(TaskStatus.CANCELLED)));
            Task parent = tasks.getTask(id);
            assertEquals(TaskStatus.CANCELLED, parent.status());
            assertEquals(new Progress(20, 2, 18), parent.progress(), "cancelled children count as failed");
        }

        @Test
        void a_stage_running_when_its_task_is_cancelled_is_not_retried_and_its_result_is_dropped() throws Exception {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            TaskManager tasks = manager().registerWorker("busy", ctx -> {
                calls.incrementAndGet();
                running.countDown();
                release.await();
                throw new IllegalStateException("fails after the cancel");
            }).build();
            long id = tasks.queue("busy", null).id();
            startWorkers(tasks, 1, 1);
            await(running, "the stage runs");
            tasks.cancel(id);
            release.countDown();

            Await.until("the job is deleted", () -> db.queue.stats(tasks.pipeline("busy")).total() == 0);
            assertEquals(1, calls.get(), "not retried");
            Task task = tasks.getTask(id);
            assertEquals(TaskStatus.CANCELLED, task.status());
            assertNull(task.error());
        }
    }

    @Nested
    class Retry {
        @Test
        void a_failed_task_runs_again_and_its_buried_job_is_deleted() {
            AtomicBoolean fixed = new AtomicBoolean();
            TaskManager tasks = manager()
                    .registerWorker("flaky", ctx -> {
                        if (!fixed.get()) {
                            throw new IllegalStateException("not yet");
                        }
                        return "fixed";
                    })
                    .maxAttempts(1)
                    .build();
            long id = tasks.queue("flaky", null).id();
            startWorkers(tasks, 1, 1);
            awaitStatus(tasks, id, TaskStatus.FAILED);
            Await.until("the job is buried", () -> db.queue.getBuriedCount(tasks.pipeline("flaky")) == 1);

            fixed.set(true);
            Task retried = tasks.retry(id);
            assertTrue(retried.status() == TaskStatus.QUEUED || retried.status() == TaskStatus.STARTED
                    || retried.status() == TaskStatus.COMPLETED, retried.status().name());
            awaitStatus(tasks, id, TaskStatus.COMPLETED);
            Task done = tasks.getTask(id);
            assertEquals("\"fixed\"", done.result());
            assertEquals(2, done.attempts());
            assertNotNull(done.finishedAt(), "finished again");
            assumeCapability(Capability.DELETE_BY_ID); // the retry deletes the buried job by its id
            Await.until("the buried job is deleted", () -> db.queue.stats(tasks.pipeline("flaky")).total() == 0);
        }

        @Test
        void only_a_failed_task_can_be_retried() {
            TaskManager tasks = manager().registerWorker("fine", ctx -> null).build();
            long id = tasks.queue("fine", null).id();
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> tasks.retry(id));
            assertTrue(e.getMessage().contains("QUEUED"), e.getMessage());
            assertThrows(NoSuchTaskException.class, () -> tasks.retry(id + 1_000_000));
        }

        @Test
        void a_task_failed_by_a_child_retries_only_its_failed_children() {
            AtomicBoolean fixed = new AtomicBoolean();
            AtomicInteger childRuns = new AtomicInteger();
            AtomicInteger reports = new AtomicInteger();
            TaskDefinition job = TaskDefinition.builder("strict")
                    .stage("split", ctx -> {
                        ctx.fanOut("part", IntStream.range(0, 10).boxed().toList());
                        return null;
                    }, ChildFailure.FAIL_TASK)
                    .stage("report", ctx -> {
                        reports.incrementAndGet();
                        return ctx.previousStage().orElseThrow().progress();
                    })
                    .build();
            TaskManager tasks = manager()
                    .register(job)
                    .registerWorker("part", ctx -> {
                        childRuns.incrementAndGet();
                        if (ctx.params(Integer.class) == 7 && !fixed.get()) {
                            throw new IllegalStateException("part 7 is broken");
                        }
                        return null;
                    })
                    .maxAttempts(1)
                    .build();
            long id = tasks.queue("strict", null).id();
            startWorkers(tasks, 1, 1); // one at a time: the parts after 7 are cancelled before they start
            awaitStatus(tasks, id, TaskStatus.FAILED);
            Task failed = tasks.getTask(id);
            assertTrue(failed.error().contains("part 7") || failed.error().contains("child task"), failed.error());
            Await.until("the queue is drained", () -> db.queue.stats(tasks.pipeline("part")).ready() == 0);
            int runsBefore = childRuns.get();
            assertEquals(8, runsBefore, "parts 0 to 7 ran, 8 and 9 were cancelled");
            assertEquals(0, reports.get());

            fixed.set(true);
            tasks.retry(id);
            awaitStatus(tasks, id, TaskStatus.COMPLETED);
            assertEquals(runsBefore + 3, childRuns.get(), "7, 8 and 9 ran again; the completed parts did not");
            assertEquals(1, reports.get());
            assertEquals("{\"total\":10,\"completed\":10,\"failed\":0}", tasks.getTask(id).result().replace(
                    ",\"finished\":10,\"pending\":0", ""));
        }
    }

    @Nested
    class Stages {
        @Test
        void each_stage_sees_the_previous_result_and_every_stage_state_is_stored() {
            TaskDefinition pipeline = TaskDefinition.builder("steps")
                    .stage("one", ctx -> ctx.params(Integer.class) + 1)
                    .stage("two", ctx -> ctx.previousStage().orElseThrow().resultAs(Integer.class) * 10)
                    .stage("three", ctx -> "result " + ctx.previousStage().orElseThrow().resultAs(Integer.class))
                    .build();
            TaskManager tasks = manager().register(pipeline).build();
            long id = tasks.queue("steps", 4).id();
            startWorkers(tasks, 1, 2);
            awaitStatus(tasks, id, TaskStatus.COMPLETED);

            assertEquals("\"result 50\"", tasks.getTask(id).result());
            List<StageState> stages = tasks.stages(id);
            assertEquals(List.of("one", "two", "three"), stages.stream().map(StageState::name).toList());
            assertEquals(List.of("5", "50", "\"result 50\""), stages.stream().map(StageState::result).toList());
            stages.forEach(s -> assertEquals(TaskStatus.COMPLETED, s.status(), s.name()));
            stages.forEach(s -> assertNotNull(s.finishedAt(), s.name()));
            assertEquals(3, tasks.getTask(id).attempts(), "one attempt per stage");
            assertEquals(2, tasks.getTask(id).stage());
        }

        @Test
        void a_stage_retried_after_fanning_out_creates_no_second_copy_of_its_children() {
            AtomicInteger attempts = new AtomicInteger();
            AtomicInteger childRuns = new AtomicInteger();
            TaskManager tasks = manager()
                    .register(TaskDefinition.builder("twice")
                            .stage("split", ctx -> {
                                List<Integer> items = IntStream.range(0, 100).boxed().toList();
                                ctx.fanOut("item", items.subList(0, 60), 1);
                                if (attempts.incrementAndGet() == 1) {
                                    throw new IllegalStateException("crash between two fan-outs");
                                }
                                ctx.fanOut("item", items.subList(60, 100), 1);
                                return null;
                            })
                            .stage("sum", ctx -> {
                                int sum = 0;
                                for (Task child : ctx.previousChildren()) {
                                    sum += child.resultAs(Integer.class).orElseThrow();
                                }
                                return sum;
                            })
                            .build())
                    .registerWorker("item", ctx -> {
                        childRuns.incrementAndGet();
                        return ctx.params(Integer.class);
                    })
                    .build();
            long id = tasks.queue("twice", null).id();
            startWorkers(tasks, 1, 4);
            awaitStatus(tasks, id, TaskStatus.COMPLETED);

            assertEquals(2, attempts.get());
            assertEquals(100, tasks.count(TaskQuery.all().childrenOf(id)));
            assertEquals(100, childRuns.get());
            assertEquals(String.valueOf(99 * 100 / 2), tasks.getTask(id).result());
            assertEquals(new Progress(100, 100, 0), tasks.stages(id).get(0).progress());
        }
    }

    @Nested
    class FanOut {
        @Test
        void a_thousand_children_on_several_workers_finish_in_one_final_stage_with_counts_that_add_up() {
            int children = 1_000;
            AtomicInteger finals = new AtomicInteger();
            AtomicInteger childRuns = new AtomicInteger();
            List<String> seen = new CopyOnWriteArrayList<>();
            TaskManager tasks = manager()
                    .register(TaskDefinition.builder("batch")
                            .stage("split", ctx -> {
                                ctx.fanOut("row", IntStream.range(0, children).boxed().toList());
                                return "split " + children;
                            })
                            .stage("report", ctx -> {
                                finals.incrementAndGet();
                                StageState split = ctx.previousStage().orElseThrow();
                                long sum = 0;
                                long read = 0;
                                for (Task child : ctx.previousChildren()) {
                                    read++;
                                    if (child.status() == TaskStatus.COMPLETED) {
                                        sum += child.resultAs(Long.class).orElseThrow();
                                    }
                                }
                                seen.add(split.resultAs(String.class));
                                return Map.of("completed", split.progress().completed(), "failed",
                                        split.progress().failed(), "read", read, "sum", sum);
                            })
                            .build())
                    .registerWorker("row", ctx -> {
                        childRuns.incrementAndGet();
                        int n = ctx.params(Integer.class);
                        if (n % 100 == 99) {
                            throw new IllegalArgumentException("row " + n + " is bad");
                        }
                        return (long) n;
                    })
                    .maxAttempts(1)
                    .build();
            long id = tasks.queue("batch", null).id();
            startWorkers(tasks, 3, 4);

            Await.until("the task completes", Duration.ofMinutes(2),
                    () -> tasks.getTask(id).status() == TaskStatus.COMPLETED);
            long expectedSum = IntStream.range(0, children).filter(n -> n % 100 != 99).asLongStream().sum();
            Map<?, ?> report = tasks.getTask(id).resultAs(Map.class).orElseThrow();
            assertEquals(1, finals.get(), "the final stage ran exactly once");
            assertEquals(990, ((Number) report.get("completed")).intValue());
            assertEquals(10, ((Number) report.get("failed")).intValue());
            assertEquals(children, ((Number) report.get("read")).intValue(), "every child read, page by page");
            assertEquals(expectedSum, ((Number) report.get("sum")).longValue());
            assertEquals(List.of("split 1000"), seen, "the final stage saw the split stage's result");
            assertEquals(children, childRuns.get(), "every child ran once");
            assertEquals(new Progress(children, 990, 10), tasks.getTask(id).progress());
            assertEquals(990, tasks.count(TaskQuery.all().childrenOf(id).withStatus(TaskStatus.COMPLETED)));
            assertEquals(10, tasks.count(TaskQuery.all().childrenOf(id).withStatus(TaskStatus.FAILED)));
        }

        @Test
        void children_in_batches_get_a_list_of_items_each() {
            List<List<Integer>> batches = new CopyOnWriteArrayList<>();
            TaskManager tasks = manager()
                    .registerWorker("batcher", ctx -> {
                        ctx.fanOut("chunk", IntStream.range(0, 25).boxed().toList(), 10);
                        return null;
                    })
                    .registerWorker("chunk", ctx -> {
                        @SuppressWarnings("unchecked")
                        List<Integer> items = ctx.params(List.class);
                        batches.add(items);
                        return items.size();
                    })
                    .build();
            long id = tasks.queue("batcher", null).id();
            startWorkers(tasks, 1, 2);
            awaitStatus(tasks, id, TaskStatus.COMPLETED);
            assertEquals(3, batches.size());
            assertEquals(25, batches.stream().mapToInt(List::size).sum());
            assertEquals(List.of(10, 10, 5), tasks.list(TaskQuery.all().childrenOf(id)).stream()
                    .map(t -> t.resultAs(Integer.class).orElseThrow()).toList());
        }
    }

    /**
     * A job delivered twice with different ids (the outbox sends a job again when a crash falls between its send
     * and its delete): the stage runs for one of them only, never twice at once, and never again once it moved on.
     */
    @Nested
    class Duplicates {
        @Test
        void a_second_job_for_a_running_one_stage_task_does_not_run_it_again() throws Exception {
            assertADuplicateRunsNothing(false);
        }

        @Test
        void a_second_job_for_a_running_stage_of_a_task_with_stages_does_not_run_it_again() throws Exception {
            assertADuplicateRunsNothing(true);
        }

        private void assertADuplicateRunsNothing(boolean twoStages) throws Exception {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            TaskHandler first = ctx -> {
                calls.incrementAndGet();
                running.countDown();
                release.await();
                return "first";
            };
            TaskManager tasks = manager().register(twoStages
                    ? TaskDefinition.builder("dup").stage("one", first).stage("two", ctx -> "second").build()
                    : TaskDefinition.of("dup", first)).build();
            long id = tasks.queue("dup", null).id();
            String pipeline = tasks.pipeline("dup");
            startWorkers(tasks, 1, 4);
            await(running, "the stage runs");

            long repeat = db.queue.selectPipeline(pipeline).addJob(new TaskJob(id, 0).payload());
            Await.until("the repeated job " + repeat + " is consumed while the first still runs",
                    () -> db.queue.stats(pipeline).total() == 1);
            assertEquals(1, calls.get(), "the repeat did not start the running stage a second time");
            assertEquals(TaskStatus.STARTED, tasks.getTask(id).status());

            release.countDown();
            awaitStatus(tasks, id, TaskStatus.COMPLETED);
            db.queue.selectPipeline(pipeline).addJob(new TaskJob(id, 0).payload());
            Await.until("a repeat after the stage moved on is consumed", () -> db.queue.stats(pipeline).total() == 0);
            Task done = tasks.getTask(id);
            assertEquals(1, calls.get(), "nor after it completed");
            assertEquals(twoStages ? 2 : 1, done.attempts(), "one start per stage");
            assertEquals(twoStages ? "\"second\"" : "\"first\"", done.result());
        }
    }

    @Nested
    class Pruning {
        @Test
        void finished_tasks_older_than_the_retention_go_with_their_children_and_stages_in_batches() {
            TaskManager tasks = manager()
                    .register(TaskDefinition.builder("tree")
                            .stage("split", ctx -> {
                                ctx.fanOut("leaf", IntStream.range(0, 25).boxed().toList());
                                return null;
                            })
                            .stage("done", ctx -> "done")
                            .build())
                    .registerWorker("leaf", ctx -> null)
                    .registerWorker("never", ctx -> null)
                    .retention(Duration.ofDays(7))
                    .pruneBatchSize(10)
                    .build();
            long old = tasks.queue("tree", null).id();
            long cancelled = tasks.queue("never", null).id();
            tasks.cancel(cancelled);
            startWorkers(tasks, 1, 4);
            awaitStatus(tasks, old, TaskStatus.COMPLETED);
            clock.advance(Duration.ofDays(5));
            long recent = tasks.queue("tree", null).id();
            awaitStatus(tasks, recent, TaskStatus.COMPLETED);
            long unfinished = tasks.queue("never", null).id();
            tasks.cancel(tasks.queue("never", null).id());
            assertEquals(0, tasks.prune(), "nothing is older than 7 days yet");

            clock.advance(Duration.ofDays(3)); // old and cancelled: 8 days; recent: 3 days
            assertEquals(2 + 25, tasks.prune());

            assertTrue(tasks.findTask(old).isEmpty());
            assertTrue(tasks.findTask(cancelled).isEmpty());
            assertEquals(List.of(), tasks.stages(old));
            assertEquals(0, tasks.count(TaskQuery.all().childrenOf(old)));
            assertEquals(TaskStatus.COMPLETED, tasks.getTask(recent).status());
            assertEquals(25, tasks.count(TaskQuery.all().childrenOf(recent)));
            assertEquals(2, tasks.stages(recent).size());
            assertTrue(tasks.findTask(unfinished).isPresent(), "an unfinished task is never pruned");
            assertEquals(0, tasks.prune());
        }
    }

    @Nested
    class Listing {
        @Test
        void lists_and_counts_by_name_and_status_a_page_at_a_time_newest_first() {
            TaskManager tasks = manager().registerWorker("a", ctx -> null).registerWorker("b", ctx -> null).build();
            List<Long> a = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                a.add(tasks.queue("a", i).id());
            }
            long b = tasks.queue("b", null).id();
            tasks.cancel(a.get(0));

            assertEquals(8, tasks.count(TaskQuery.all()));
            assertEquals(7, tasks.count(TaskQuery.all().withName("a")));
            assertEquals(6, tasks.count(TaskQuery.all().withName("a").withStatus(TaskStatus.QUEUED)));
            assertEquals(1, tasks.count(TaskQuery.all().withStatus(TaskStatus.CANCELLED)));
            assertEquals(List.of(b, a.get(6), a.get(5)), ids(tasks.list(TaskQuery.all().page(0, 3))));
            assertEquals(List.of(a.get(4), a.get(3), a.get(2)), ids(tasks.list(TaskQuery.all().page(3, 3))));
            assertEquals(List.of(a.get(0)), ids(tasks.list(TaskQuery.all().withStatus(TaskStatus.CANCELLED))));
            assertEquals(List.of(), tasks.list(TaskQuery.all().withName("nothing")));
        }

        @Test
        void a_missing_task_is_reported_by_id() {
            TaskManager tasks = manager().build();
            assertEquals(42, assertThrows(NoSuchTaskException.class, () -> tasks.getTask(42)).taskId());
            assertTrue(tasks.findTask(42).isEmpty());
        }

        @Test
        void bad_input_is_refused_and_nothing_is_stored() {
            TaskManager tasks = manager().build();
            assertThrows(InvalidInputException.class, () -> tasks.queue("bad name", null));
            assertThrows(InvalidInputException.class, () -> tasks.queue("x", new Object()), "not JSON");
            assertThrows(InvalidInputException.class, () -> TaskQuery.all().page(0, 0));
            assertEquals(0, tasks.count(TaskQuery.all()));
        }

        private static List<Long> ids(List<Task> list) {
            return list.stream().map(Task::id).toList();
        }
    }
}
