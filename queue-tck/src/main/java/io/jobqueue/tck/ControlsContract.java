package io.jobqueue.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Capability;
import io.jobqueue.InvalidInputException;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.UniqueKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Queue controls: pausing a pipeline, and unique jobs. */
public abstract class ControlsContract extends ConcurrencyContract {
    private static final int THREADS = 8;

    @Nested
    class Pause {
        @Test
        void a_paused_pipeline_keeps_taking_jobs_but_hands_none_out_until_resumed() {
            requires(Capability.PAUSE);
            JobQueue q = fresh();
            q.pause(q.selectedPipeline());
            long id = q.addJob("while paused");
            assertTrue(q.isPaused(q.selectedPipeline()));
            assertEquals(1, q.getReadyCount());
            assertEquals(Optional.empty(), q.getNextJobAndReserve(SHORT_WAIT));
            q.resume(q.selectedPipeline());
            assertFalse(q.isPaused(q.selectedPipeline()));
            assertEquals(id, reserveNow(q).id());
        }

        @Test
        void a_pause_is_seen_by_another_queue_on_the_same_backend_at_once() {
            requires(Capability.PAUSE);
            requires(Capability.SHARED_BETWEEN_PROCESSES);
            JobQueue q = fresh();
            q.addJob("x");
            try (JobQueue other = open(settings())) {
                JobQueue worker = other.watchPipeline(q.selectedPipeline());
                q.pause(q.selectedPipeline());
                assertTrue(other.isPaused(q.selectedPipeline()));
                assertEquals(Optional.empty(), worker.getNextJobAndReserve(SHORT_WAIT));
                q.resume(q.selectedPipeline());
                assertFalse(other.isPaused(q.selectedPipeline()));
                assertEquals("x", worker.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow().payloadAsString());
            }
        }

        @Test
        void a_worker_watching_a_paused_and_a_running_pipeline_gets_the_running_ones_jobs() {
            requires(Capability.PAUSE);
            JobQueue paused = fresh();
            JobQueue running = fresh();
            paused.addJob("held", priority(0));
            running.addJob("runs", priority(10));
            paused.pause(paused.selectedPipeline());
            JobQueue worker = queue.watchPipeline(paused.selectedPipeline()).watchPipeline(running.selectedPipeline());
            assertEquals("runs", reserveNow(worker).payloadAsString());
            assertEquals(Optional.empty(), worker.getNextJobAndReserve(SHORT_WAIT));
            paused.resume(paused.selectedPipeline());
        }

        @Test
        void a_reserve_waiting_on_a_paused_pipeline_gets_its_job_once_resumed() throws Exception {
            requires(Capability.PAUSE);
            JobQueue q = fresh();
            q.pause(q.selectedPipeline());
            long id = q.addJob("x");
            CompletableFuture<Optional<Job>> waiting =
                    CompletableFuture.supplyAsync(() -> q.getNextJobAndReserve(Duration.ofSeconds(10)));
            sleep(SHORT_WAIT);
            assertFalse(waiting.isDone(), "the reserve waits while the pipeline is paused");
            q.resume(q.selectedPipeline());
            assertEquals(id, waiting.get(10, TimeUnit.SECONDS).orElseThrow().id());
        }

        @Test
        void pausing_or_resuming_twice_changes_nothing_and_a_new_pipeline_is_not_paused() {
            requires(Capability.PAUSE);
            JobQueue q = fresh();
            String p = q.selectedPipeline();
            assertFalse(q.isPaused(p));
            q.resume(p);
            assertFalse(q.isPaused(p));
            q.pause(p);
            q.pause(p);
            assertTrue(q.isPaused(p));
            q.resume(p);
            q.resume(p);
            assertFalse(q.isPaused(p));
            q.addJob("x");
            assertEquals("x", reserveNow(q).payloadAsString());
        }

        @Test
        void illegal_pipeline_names_are_refused() {
            for (String name : List.of("", "a b", "a\r\nkick 100", "-leading", "x".repeat(201))) {
                for (Executable call : List.<Executable>of(() -> queue.pause(name), () -> queue.resume(name),
                        () -> queue.isPaused(name))) {
                    InvalidInputException e = assertThrows(InvalidInputException.class, call, "name '" + name + "'");
                    assertTrue(e.getMessage().contains("pipeline"), e.getMessage());
                }
            }
            assertThrows(InvalidInputException.class, () -> queue.pause(null));
        }

        @Test
        void pause_works_exactly_when_declared_and_is_otherwise_refused_with_nothing_paused() {
            String p = newPipeline();
            if (queue.capabilities().contains(Capability.PAUSE)) {
                queue.pause(p);
                assertTrue(queue.isPaused(p));
                queue.resume(p);
                assertFalse(queue.isPaused(p));
                return;
            }
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> queue.pause(p));
            assertTrue(e.getMessage().contains("PAUSE"), e.getMessage());
            assertThrows(InvalidInputException.class, () -> queue.resume(p));
            assertFalse(queue.isPaused(p));
        }
    }

    @Nested
    class Unique {
        @Test
        void a_second_add_with_a_live_key_returns_the_first_job_and_adds_nothing() {
            requires(Capability.UNIQUE_JOBS);
            JobQueue q = fresh();
            long first = q.addJob("first", JobOptions.defaults().withUniqueKey("report:42"));
            long second = q.addJob("second", JobOptions.defaults().withUniqueKey("report:42"));
            assertEquals(first, second);
            assertEquals(1, q.stats().total());
            assertEquals("first", reserveNow(q).payloadAsString());
        }

        @Test
        void keys_are_exact_and_belong_to_one_pipeline() {
            requires(Capability.UNIQUE_JOBS);
            JobQueue a = fresh();
            JobQueue b = fresh();
            long inA = a.addJob("a", JobOptions.defaults().withUniqueKey("k"));
            long inB = b.addJob("b", JobOptions.defaults().withUniqueKey("k"));
            assertNotEquals(inA, inB);
            Set<Long> ids = new HashSet<>();
            for (String key : List.of("k", "K", "k ", " k", "ké")) {
                ids.add(a.addJob(key, JobOptions.defaults().withUniqueKey(key)));
            }
            assertEquals(5, ids.size(), "keys differing in case, spaces or accents are different keys");
            assertEquals(5, a.stats().total());
            a.addJob("no key");
            a.addJob("no key");
            assertEquals(7, a.stats().total(), "jobs without a key are never folded");
        }

        @Test
        void the_queued_scope_frees_the_key_once_the_job_is_reserved() {
            requires(Capability.UNIQUE_JOBS);
            JobQueue q = fresh();
            JobOptions unique = ttr(LONG_TTR).withUniqueKey("sync", UniqueKey.Scope.QUEUED);
            long first = q.addJob("1", unique);
            assertEquals(first, q.addJob("1 again", unique));
            Job running = reserveNow(q);
            long second = q.addJob("2", unique);
            assertNotEquals(first, second, "a running job does not hold a QUEUED key");
            assertEquals(second, q.addJob("2 again", unique));
            q.delete(running);
            assertEquals("2", reserveNow(q).payloadAsString());
        }

        @Test
        void the_queued_scope_holds_the_key_while_the_job_is_delayed() {
            requires(Capability.UNIQUE_JOBS);
            JobQueue q = fresh();
            long first = q.addJob("later", delay(Duration.ofSeconds(60)).withUniqueKey("d", UniqueKey.Scope.QUEUED));
            assertEquals(first, q.addJob("now", JobOptions.defaults().withUniqueKey("d", UniqueKey.Scope.QUEUED)));
            assertEquals(1, q.stats().total());
        }

        @Test
        void the_queued_or_running_scope_holds_the_key_until_the_job_is_deleted() {
            requires(Capability.UNIQUE_JOBS);
            JobQueue q = fresh();
            JobOptions unique = ttr(LONG_TTR).withUniqueKey("import", UniqueKey.Scope.QUEUED_OR_RUNNING);
            long first = q.addJob("1", unique);
            Job running = reserveNow(q);
            assertEquals(first, q.addJob("while running", unique));
            q.release(running, running.priority(), Duration.ofSeconds(30));
            assertEquals(first, q.addJob("while released", unique));
            assertEquals(1, q.stats().total());
            q.delete(first);
            long second = q.addJob("after delete", unique);
            assertNotEquals(first, second);
        }

        @Test
        void burying_frees_a_queued_or_running_key() {
            requires(Capability.UNIQUE_JOBS);
            JobQueue q = fresh();
            JobOptions unique = ttr(LONG_TTR).withUniqueKey("fails");
            long first = q.addJob("1", unique);
            q.bury(reserveNow(q));
            long second = q.addJob("2", unique);
            assertNotEquals(first, second);
            assertEquals(1, q.getBuriedCount());
            assertEquals(1, q.getReadyCount());
        }

        @Test
        void addJobs_with_one_key_adds_one_job_and_returns_its_id_for_each() {
            requires(Capability.UNIQUE_JOBS);
            JobQueue q = fresh();
            long before = q.addJob("before", JobOptions.defaults().withUniqueKey("batch-old"));
            List<Long> ids = q.addJobs(List.of("a", "b", "c"), JobOptions.defaults().withUniqueKey("batch"));
            assertEquals(3, ids.size());
            assertEquals(1, new HashSet<>(ids).size(), "one job: " + ids);
            assertEquals(List.of(before, before),
                    q.addJobs(List.of("x", "y"), JobOptions.defaults().withUniqueKey("batch-old")));
            assertEquals(2, q.stats().total());
        }

        @Test
        void a_period_key_holds_after_its_job_is_done_until_the_period_ends() {
            requires(Capability.UNIQUE_JOBS);
            JobQueue q = fresh();
            JobOptions hourly = JobOptions.defaults().withUniqueKeyFor("report", Duration.ofHours(1));
            long first = q.addJob("first", hourly);
            assertEquals(first, q.addJob("again", hourly));
            q.delete(reserveNow(q));
            assertEquals(first, q.addJob("after it ran", hourly), "the key outlives its job within the period");
            assertEquals(0, q.stats().total(), "nothing was added");
            assertNotEquals(first, q.addJob("other key", JobOptions.defaults().withUniqueKeyFor("other",
                    Duration.ofHours(1))));

            JobOptions brief = JobOptions.defaults().withUniqueKeyFor("brief", Duration.ofSeconds(1));
            long held = q.addJob("brief 1", brief);
            assertEquals(held, q.addJob("brief 2", brief));
            List<Long> later = new ArrayList<>();
            Await.until("the key is free once its period has passed", Duration.ofSeconds(10), () -> {
                long id = q.addJob("brief n", brief);
                return id != held && later.add(id);
            });
            assertEquals(later.get(0), q.addJob("brief m", brief), "the new add holds the key for a new period");
            assertEquals(3, q.stats().total(), "other key, brief 1 and the one added after the period");
        }

        @Test
        void a_period_key_and_a_queued_key_of_the_same_text_are_different_keys() {
            requires(Capability.UNIQUE_JOBS);
            JobQueue q = fresh();
            long period = q.addJob("p", JobOptions.defaults().withUniqueKeyFor("same", Duration.ofHours(1)));
            long queued = q.addJob("q", JobOptions.defaults().withUniqueKey("same"));
            assertNotEquals(period, queued);
            assertEquals(2, q.stats().total());
        }

        @Test
        void eight_threads_adding_one_period_key_get_one_job_and_the_same_id() throws Exception {
            requires(Capability.UNIQUE_JOBS);
            eightThreadsAddingOneKey(round -> JobOptions.defaults().withUniqueKeyFor("period-" + round,
                    Duration.ofHours(1)));
        }

        @Test
        void eight_threads_adding_one_key_get_one_job_and_the_same_id() throws Exception {
            requires(Capability.UNIQUE_JOBS);
            eightThreadsAddingOneKey(round -> JobOptions.defaults().withUniqueKey("contended-" + round));
        }

        private void eightThreadsAddingOneKey(java.util.function.IntFunction<JobOptions> options) throws Exception {
            JobQueue q = fresh();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                for (int round = 0; round < 5; round++) {
                    JobOptions unique = options.apply(round);
                    CyclicBarrier start = new CyclicBarrier(THREADS);
                    List<Future<Long>> adds = new ArrayList<>();
                    for (int t = 0; t < THREADS; t++) {
                        String payload = "round " + round + " thread " + t;
                        adds.add(pool.submit(() -> {
                            start.await(10, TimeUnit.SECONDS);
                            return q.addJob(payload, unique);
                        }));
                    }
                    Set<Long> ids = new HashSet<>();
                    for (Future<Long> add : adds) {
                        ids.add(add.get(60, TimeUnit.SECONDS));
                    }
                    assertEquals(1, ids.size(), "round " + round + ": every thread gets the one job's id: " + ids);
                    assertEquals(round + 1, q.stats().total(), "round " + round + " added one job");
                }
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void bad_keys_are_refused_before_anything_is_stored() {
            JobQueue q = fresh();
            List<Executable> bad = List.of(() -> JobOptions.defaults().withUniqueKey(null),
                    () -> JobOptions.defaults().withUniqueKey(""), () -> JobOptions.defaults().withUniqueKey("  \t"),
                    () -> JobOptions.defaults().withUniqueKey("x".repeat(UniqueKey.MAX_LENGTH + 1)),
                    () -> JobOptions.defaults().withUniqueKey("line\nbreak"),
                    () -> JobOptions.defaults().withUniqueKey("k", null),
                    () -> JobOptions.defaults().withUniqueKeyFor("k", null),
                    () -> JobOptions.defaults().withUniqueKeyFor("k", Duration.ofMillis(999)),
                    () -> JobOptions.defaults().withUniqueKeyFor("k", Duration.ofSeconds(-1)),
                    () -> new UniqueKey("k", UniqueKey.Scope.PERIOD),
                    () -> new UniqueKey("k", UniqueKey.Scope.QUEUED, Duration.ofSeconds(5)));
            for (Executable call : bad) {
                InvalidInputException e = assertThrows(InvalidInputException.class, call);
                assertTrue(e.getMessage().contains("unique key"), e.getMessage());
            }
            assertEquals(0, q.stats().total());
            if (q.capabilities().contains(Capability.UNIQUE_JOBS)) {
                String longest = "x".repeat(UniqueKey.MAX_LENGTH);
                long id = q.addJob("x", JobOptions.defaults().withUniqueKey(longest));
                assertEquals(id, q.addJob("y", JobOptions.defaults().withUniqueKey(longest)));
            }
        }

        @Test
        void a_key_is_taken_exactly_when_declared_and_is_otherwise_refused_with_nothing_stored() {
            JobQueue q = fresh();
            if (queue.capabilities().contains(Capability.UNIQUE_JOBS)) {
                q.addJob("x", JobOptions.defaults().withUniqueKey("k"));
                assertEquals(1, q.stats().total());
                return;
            }
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> q.addJob("x", JobOptions.defaults().withUniqueKey("k")));
            assertTrue(e.getMessage().contains("UNIQUE_JOBS"), e.getMessage());
            assertThrows(InvalidInputException.class,
                    () -> q.addJobs(List.of("x"), JobOptions.defaults().withUniqueKey("k")));
            assertEquals(0, q.stats().total());
        }
    }
}
