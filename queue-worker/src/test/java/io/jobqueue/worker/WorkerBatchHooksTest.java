package io.jobqueue.worker;

import static io.jobqueue.worker.TestQueues.awaitGone;
import static io.jobqueue.worker.TestQueues.awaitTrue;
import static io.jobqueue.worker.TestQueues.closeAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link BatchHooks} on the real worker runtime and an SQLite file. */
class WorkerBatchHooksTest {
    private final JobQueue queue = TestQueues.sqlite("hooks");

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    /** Records every call; subclasses add behaviour. */
    private class Recording implements JobHandler, BatchHooks {
        final List<List<Long>> beforeDelete = new CopyOnWriteArrayList<>();
        final List<Long> handled = new CopyOnWriteArrayList<>();
        final List<Long> dropped = new CopyOnWriteArrayList<>();
        final List<String> problems = new CopyOnWriteArrayList<>();

        @Override
        public void handle(Job job) throws Exception {
            handled.add(job.id());
        }

        @Override
        public void beforeDelete(List<Job> jobs) throws Exception {
            for (Job job : jobs) {
                if (queue.peek(job.id()).map(Job::state).orElse(null) != JobState.RESERVED) {
                    problems.add("job " + job.id() + " was not reserved any more in beforeDelete");
                }
            }
            beforeDelete.add(ids(jobs));
        }

        @Override
        public void dropped(Job job) {
            if (queue.peek(job.id()).map(Job::state).orElse(null) != JobState.RESERVED) {
                problems.add("job " + job.id() + " was given back before it was dropped");
            }
            dropped.add(job.id());
        }

        List<Long> allBeforeDelete() {
            return beforeDelete.stream().flatMap(List::stream).toList();
        }
    }

    private static List<Long> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }

    private List<Long> add(String pipeline, int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(queue.selectPipeline(pipeline).addJob("job " + i));
        }
        return ids;
    }

    @Test
    void a_job_is_deleted_only_after_before_delete_returned() throws Exception {
        CountDownLatch hookEntered = new CountDownLatch(1);
        CountDownLatch hookMayReturn = new CountDownLatch(1);
        Recording hooks = new Recording() {
            @Override
            public void beforeDelete(List<Job> jobs) throws Exception {
                hookEntered.countDown();
                assertTrue(hookMayReturn.await(30, TimeUnit.SECONDS), "the test let the hook return");
                super.beforeDelete(jobs);
            }
        };
        List<Long> jobs = add("held", 5);
        Worker worker = Worker.builder(queue).registerWorker("held", hooks).concurrency(5).build();
        worker.start();
        try {
            awaitTrue("every handler returned", () -> hooks.handled.size() == jobs.size());
            assertTrue(hookEntered.await(30, TimeUnit.SECONDS), "beforeDelete was called");
            for (long id : jobs) {
                assertEquals(JobState.RESERVED, TestQueues.state(queue, id), "job " + id + " waits for the hook");
            }
            hookMayReturn.countDown();
            jobs.forEach(id -> awaitGone(queue, id));
        } finally {
            hookMayReturn.countDown();
            closeAndAwait(worker);
        }
        assertEquals(List.of(), hooks.problems);
        assertEquals(Set.copyOf(jobs), Set.copyOf(hooks.allBeforeDelete()));
    }

    @Test
    void a_throwing_before_delete_is_retried_like_a_failed_delete_then_the_jobs_are_deleted() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Recording hooks = new Recording() {
            @Override
            public void beforeDelete(List<Job> jobs) throws Exception {
                super.beforeDelete(jobs);
                if (calls.incrementAndGet() <= 2) {
                    throw new IllegalStateException("the store is down (call " + calls.get() + ")");
                }
            }
        };
        List<Long> jobs = add("retried", 3);
        Worker worker = Worker.builder(queue).registerWorker("retried", hooks).concurrency(3)
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();
        worker.start();
        jobs.forEach(id -> awaitGone(queue, id));
        closeAndAwait(worker);

        assertEquals(List.of(), hooks.problems);
        assertTrue(calls.get() >= 3, "called again after each failure: " + calls.get());
        List<Long> firstTry = hooks.beforeDelete.get(0);
        assertEquals(firstTry, hooks.beforeDelete.get(1), "the failed batch is tried again as it was");
        assertEquals(firstTry, hooks.beforeDelete.get(2));
        assertEquals(Set.copyOf(jobs), Set.copyOf(hooks.allBeforeDelete()));
        assertEquals(jobs.size(), worker.stats().succeeded());
        assertEquals(List.of(), hooks.dropped, "nothing was dropped: the jobs were deleted");
    }

    @Test
    void a_failed_job_is_dropped_before_it_is_buried_and_never_reaches_before_delete() throws Exception {
        List<Long> jobs = add("failing", 3);
        Recording hooks = new Recording() {
            @Override
            public void handle(Job job) throws Exception {
                super.handle(job);
                if (job.id() == jobs.get(1)) {
                    throw new IllegalStateException("fails");
                }
            }
        };
        Worker worker = Worker.builder(queue).registerWorker("failing", hooks).concurrency(3).maxAttempts(1).build();
        worker.start();
        awaitTrue("the failing job is buried", () -> TestQueues.state(queue, jobs.get(1)) == JobState.BURIED);
        awaitGone(queue, jobs.get(0));
        awaitGone(queue, jobs.get(2));
        closeAndAwait(worker);

        assertEquals(List.of(), hooks.problems, "dropped while still reserved");
        assertEquals(List.of(jobs.get(1)), hooks.dropped);
        assertEquals(Set.of(jobs.get(0), jobs.get(2)), Set.copyOf(hooks.allBeforeDelete()));
    }

    @Test
    void jobs_given_back_unstarted_at_shutdown_are_dropped_once_and_the_running_one_is_deleted() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Recording hooks = new Recording() {
            @Override
            public void handle(Job job) throws Exception {
                super.handle(job);
                running.countDown();
                assertTrue(finish.await(30, TimeUnit.SECONDS), "the test let the handler finish");
            }
        };
        List<Long> jobs = add("slow", 6);
        // One handler thread: with batches of one, it holds the running job and up to two waiting ones.
        Worker worker = Worker.builder(queue).registerWorker("slow", hooks).concurrency(1).build();
        worker.start();
        try {
            assertTrue(running.await(30, TimeUnit.SECONDS), "the first job runs");
            awaitTrue("three jobs are held", () -> queue.stats("slow").reserved() == 3);
            worker.shutdown();
            awaitTrue("the waiting jobs are dropped", () -> hooks.dropped.size() == 2);
        } finally {
            finish.countDown();
        }
        closeAndAwait(worker);

        assertEquals(List.of(), hooks.problems);
        assertEquals(1, hooks.handled.size(), "only the first job ran");
        long ran = hooks.handled.get(0);
        assertEquals(List.of(ran), hooks.allBeforeDelete());
        assertTrue(queue.peek(ran).isEmpty(), "the job that ran is deleted");
        Set<Long> dropped = new HashSet<>(hooks.dropped);
        assertEquals(2, dropped.size(), "each dropped once");
        assertEquals(3, union(dropped, Set.of(ran)).size(), "every held job ended one way");
        for (long id : dropped) {
            assertEquals(JobState.READY, TestQueues.state(queue, id), "job " + id + " was given back");
        }
    }

    private static Set<Long> union(Set<Long> a, Set<Long> b) {
        Set<Long> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
