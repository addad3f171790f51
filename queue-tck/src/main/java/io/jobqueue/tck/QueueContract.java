package io.jobqueue.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.InvalidInputException;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.Outcome;
import io.jobqueue.NoSuchJobException;
import io.jobqueue.PipelineStats;
import io.jobqueue.ReservationLostException;
import io.jobqueue.Capability;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The job lifecycle contract every backend passes: subclass it as {@code <Backend>ContractTest} and
 * implement {@link #open}. Tests of a capability the backend lacks are skipped with the reason.
 */
public abstract class QueueContract extends ScheduleContract {

    @Nested
    class Add {
        @Test
        void added_job_is_ready_with_its_payload_and_options() {
            requires(Capability.PEEK);
            JobQueue q = fresh();
            long id = q.addJob("hello", JobOptions.defaults().withPriority(7).withTtr(Duration.ofSeconds(90)));
            Job job = q.peek(id).orElseThrow();
            assertEquals(id, job.id());
            assertEquals(q.selectedPipeline(), job.pipeline());
            assertEquals("hello", job.payloadAsString());
            assertEquals(7, job.priority());
            assertEquals(Duration.ofSeconds(90), job.ttr());
            assertEquals(JobState.READY, job.state());
            assertEquals(0, job.reserves());
            assertFalse(job.isReserved());
        }

        @Test
        void ids_are_distinct_and_grow() {
            JobQueue q = fresh();
            long first = q.addJob("a");
            long second = q.addJob("b");
            assertTrue(second > first, "second id " + second + " after first " + first);
        }

        @Test
        void binary_payload_round_trips_byte_for_byte() {
            JobQueue q = fresh();
            byte[] payload = {0, 1, '\r', '\n', (byte) 0xFF, 0, 'x', (byte) 0x80, '\r', '\n'};
            q.addJob(payload);
            Job job = reserveNow(q);
            assertArrayEquals(payload, job.payload());
        }

        @Test
        void text_is_stored_as_utf8() {
            JobQueue q = fresh();
            q.addJob("grüße, 日本");
            assertArrayEquals("grüße, 日本".getBytes(StandardCharsets.UTF_8), reserveNow(q).payload());
        }

        @Test
        void objects_are_stored_as_json_and_read_back() {
            JobQueue q = fresh();
            q.addJob(Map.of("to", "a@example.com", "attempt", 2));
            Job job = reserveNow(q);
            @SuppressWarnings("unchecked")
            Map<String, Object> read = job.payloadAs(Map.class);
            assertEquals("a@example.com", read.get("to"));
            assertEquals(2, read.get("attempt"));
        }

        @Test
        void empty_payload_is_allowed() {
            JobQueue q = fresh();
            q.addJob(new byte[0]);
            assertEquals(0, reserveNow(q).payload().length);
        }

        @Test
        void addJobs_adds_all_in_order() {
            JobQueue q = fresh();
            List<Long> ids = q.addJobs(List.of("a", "b", "c"));
            assertEquals(3, ids.size());
            assertEquals(3, new HashSet<>(ids).size());
            assertEquals(List.of("a", "b", "c"), List.of(reserveNow(q).payloadAsString(),
                    reserveNow(q).payloadAsString(), reserveNow(q).payloadAsString()));
        }

        @Test
        void jobs_go_to_the_selected_pipeline_only() {
            JobQueue a = fresh();
            JobQueue b = fresh();
            a.addJob("for a");
            assertEquals(1, a.getReadyCount());
            assertEquals(0, b.getReadyCount());
            assertEquals(Optional.empty(), b.getNextJobAndReserve(Duration.ZERO));
        }

        @Test
        void selectPipeline_returns_a_view_and_leaves_the_original_alone() {
            JobQueue base = fresh();
            String other = newPipeline();
            JobQueue view = base.selectPipeline(other);
            assertEquals(other, view.selectedPipeline());
            assertNotEquals(other, base.selectedPipeline());
            view.addJob("x");
            assertEquals(1, queue.getReadyCount(other));
            assertEquals(0, base.getReadyCount());
            assertTrue(queue.listPipelines().contains(other), "listPipelines shows " + other);
        }
    }

    @Nested
    class BadInput {
        @Test
        void null_pipeline_name_is_refused() {
            assertThrows(InvalidInputException.class, () -> queue.selectPipeline(null));
            assertThrows(InvalidInputException.class, () -> queue.watchPipeline(null));
        }

        @Test
        void illegal_pipeline_names_are_refused() {
            for (String name : List.of("", " ", "a b", "a\r\nkick 100", "-leading", "tab\tbed", "x".repeat(201),
                    "ünïcode", "semi\0null")) {
                InvalidInputException e = assertThrows(InvalidInputException.class, () -> queue.selectPipeline(name),
                        "name '" + name + "'");
                assertTrue(e.getMessage().contains("pipeline"), e.getMessage());
            }
            assertEquals("x".repeat(200), queue.selectPipeline("x".repeat(200)).selectedPipeline());
        }

        @Test
        void oversize_payload_is_refused_and_nothing_is_stored() {
            try (JobQueue small = open(settings().toBuilder().maxPayloadBytes(100).build())) {
                JobQueue q = small.selectPipeline(newPipeline());
                InvalidInputException e = assertThrows(InvalidInputException.class, () -> q.addJob(new byte[101]));
                assertTrue(e.getMessage().contains("101"), e.getMessage());
                assertEquals(0, q.stats().total());
                q.addJob(new byte[100]);
                assertEquals(1, q.stats().total());
            }
        }

        @Test
        void a_bad_job_in_a_batch_stores_none_of_it() {
            try (JobQueue small = open(settings().toBuilder().maxPayloadBytes(10).build())) {
                JobQueue q = small.selectPipeline(newPipeline());
                List<Object> payloads = new ArrayList<>(List.of("ok", "fine"));
                payloads.add("this one is too long");
                assertThrows(InvalidInputException.class, () -> q.addJobs(payloads));
                assertEquals(0, q.stats().total());
            }
        }

        @Test
        void null_payload_is_refused() {
            JobQueue q = fresh();
            assertThrows(InvalidInputException.class, () -> q.addJob(null));
            assertEquals(0, q.stats().total());
        }

        @Test
        void a_null_job_is_refused_by_every_operation_on_a_job() {
            JobQueue q = fresh();
            List<Executable> calls = List.of(() -> q.delete((Job) null), () -> q.release(null),
                    () -> q.release(null, 1, Duration.ZERO), () -> q.bury(null), () -> q.bury(null, 1),
                    () -> q.bury(null, 1, "why"), () -> q.touch(null), () -> q.kick((Job) null));
            for (Executable call : calls) {
                InvalidInputException e = assertThrows(InvalidInputException.class, call);
                assertTrue(e.getMessage().contains("job must not be null"), e.getMessage());
            }
        }

        @Test
        void negative_delay_is_refused() {
            requires(Capability.PEEK);
            assertThrows(InvalidInputException.class, () -> delay(Duration.ofSeconds(-1)));
            JobQueue q = fresh();
            q.addJob("x");
            Job job = reserveNow(q);
            assertThrows(InvalidInputException.class, () -> q.release(job, 1, Duration.ofMillis(-1)));
            assertEquals(JobState.RESERVED, q.peek(job.id()).orElseThrow().state());
        }

        @Test
        void priority_outside_unsigned_32_bits_is_refused() {
            requires(Capability.PEEK);
            assertThrows(InvalidInputException.class, () -> priority(-1));
            assertThrows(InvalidInputException.class, () -> priority(4_294_967_296L));
            JobQueue q = fresh();
            long id = q.addJob("edge", priority(4_294_967_295L));
            assertEquals(4_294_967_295L, q.peek(id).orElseThrow().priority());
            Job job = reserveNow(q);
            assertThrows(InvalidInputException.class, () -> q.bury(job, -5));
            assertEquals(JobState.RESERVED, q.peek(job.id()).orElseThrow().state());
        }

        @Test
        void ttr_under_one_second_is_refused() {
            assertThrows(InvalidInputException.class, () -> ttr(Duration.ofMillis(999)));
            assertThrows(InvalidInputException.class, () -> ttr(Duration.ZERO));
        }

        @Test
        void bad_ids_and_peeked_jobs_are_refused() {
            requires(Capability.PEEK);
            assertThrows(InvalidInputException.class, () -> queue.peek(0));
            assertThrows(InvalidInputException.class, () -> queue.kick(-3L));
            JobQueue q = fresh();
            long id = q.addJob("x");
            Job peeked = q.peek(id).orElseThrow();
            assertThrows(InvalidInputException.class, () -> q.release(peeked));
            assertThrows(InvalidInputException.class, () -> q.touch(peeked));
            assertThrows(InvalidInputException.class, () -> q.bury(peeked));
            assertThrows(InvalidInputException.class, () -> q.reserveJobs(0, Duration.ZERO));
            assertThrows(InvalidInputException.class, () -> q.getNextJobAndReserve(Duration.ofSeconds(-1)));
            assertEquals(JobState.READY, q.peek(id).orElseThrow().state());
        }
    }

    @Nested
    class Reserve {
        @Test
        void reserved_job_is_held_by_its_reserver() {
            requires(Capability.PEEK);
            JobQueue q = fresh();
            long id = q.addJob("x", ttr(LONG_TTR));
            Job job = reserveNow(q);
            assertEquals(id, job.id());
            assertTrue(job.isReserved());
            assertEquals(1, job.reserves());
            assertEquals(JobState.RESERVED, job.state());
            assertEquals(JobState.RESERVED, q.peek(id).orElseThrow().state());
            assertEquals(Optional.empty(), q.getNextJobAndReserve(Duration.ZERO));
        }

        @Test
        void returns_empty_after_about_the_timeout_when_nothing_is_ready() {
            JobQueue q = fresh();
            long start = System.nanoTime();
            assertEquals(Optional.empty(), q.getNextJobAndReserve(SHORT_WAIT));
            assertBetween(SHORT_WAIT.toMillis() - 20, SHORT_WAIT.toMillis() + 2_000, millisSince(start),
                    "milliseconds waited");
        }

        @Test
        void zero_timeout_does_not_wait() {
            JobQueue q = fresh();
            long start = System.nanoTime();
            assertEquals(Optional.empty(), q.getNextJobAndReserve(Duration.ZERO));
            assertBetween(0, 1_000, millisSince(start), "milliseconds waited");
        }

        @Test
        void a_waiting_reserve_gets_a_job_added_meanwhile() {
            JobQueue q = fresh();
            CompletableFuture<Optional<Job>> waiting =
                    CompletableFuture.supplyAsync(() -> q.getNextJobAndReserve(Duration.ofSeconds(10)));
            sleep(Duration.ofMillis(200));
            long start = System.nanoTime();
            long id = q.addJob("late");
            Job job = waiting.join().orElseThrow();
            assertEquals(id, job.id());
            assertBetween(0, 3_000, millisSince(start), "milliseconds from add to reserve");
        }

        @Test
        void lower_priority_value_runs_first() {
            requires(Capability.PRIORITY_ORDER);
            JobQueue q = fresh();
            q.addJob("low", priority(2000));
            q.addJob("urgent", priority(0));
            q.addJob("normal", priority(1024));
            assertEquals("urgent", reserveNow(q).payloadAsString());
            assertEquals("normal", reserveNow(q).payloadAsString());
            assertEquals("low", reserveNow(q).payloadAsString());
        }

        @Test
        void equal_priorities_run_in_insertion_order() {
            JobQueue q = fresh();
            List<String> added = IntStream.range(0, 20).mapToObj(i -> "job-" + i).toList();
            for (String p : added) {
                q.addJob(p);
            }
            List<String> taken = new ArrayList<>();
            for (int i = 0; i < added.size(); i++) {
                taken.add(reserveNow(q).payloadAsString());
            }
            assertEquals(added, taken);
        }

        @Test
        void reserves_from_every_watched_pipeline_and_no_other() {
            requires(Capability.PRIORITY_ORDER);
            String a = newPipeline();
            String b = newPipeline();
            String c = newPipeline();
            queue.selectPipeline(a).addJob("from a", priority(5));
            queue.selectPipeline(b).addJob("from b", priority(1));
            queue.selectPipeline(c).addJob("from c", priority(0));
            JobQueue worker = queue.watchPipeline(a).watchPipeline(b);
            assertEquals(List.of(a, b), worker.watchedPipelines());
            assertEquals("from b", reserveNow(worker).payloadAsString());
            assertEquals("from a", reserveNow(worker).payloadAsString());
            assertEquals(Optional.empty(), worker.getNextJobAndReserve(Duration.ZERO));
            assertEquals(1, queue.getReadyCount(c));
        }

        @Test
        void ignorePipeline_stops_watching_but_never_the_last_one() {
            String a = newPipeline();
            String b = newPipeline();
            JobQueue worker = queue.watchPipeline(a).watchPipeline(b).ignorePipeline(a);
            assertEquals(List.of(b), worker.watchedPipelines());
            queue.selectPipeline(a).addJob("not watched");
            assertEquals(Optional.empty(), worker.getNextJobAndReserve(Duration.ZERO));
            assertThrows(InvalidInputException.class, () -> worker.ignorePipeline(b));
        }

        @Test
        void reserveJobs_takes_a_batch_in_order() {
            JobQueue q = fresh();
            List<Long> ids = q.addJobs(List.of("a", "b", "c", "d", "e"));
            List<Job> batch = q.reserveJobs(3, Duration.ofSeconds(5));
            assertEquals(ids.subList(0, 3), batch.stream().map(Job::id).toList());
            assertTrue(batch.stream().allMatch(Job::isReserved));
            assertEquals(2, q.getReadyCount());
            assertEquals(2, q.reserveJobs(10, Duration.ZERO).size());
        }
    }

    @Nested
    class Delay {
        @Test
        void delayed_job_waits_then_becomes_ready() {
            requires(Capability.PEEK);
            JobQueue q = fresh();
            long start = System.nanoTime();
            long id = q.addJob("later", delay(Duration.ofSeconds(1)));
            assertEquals(JobState.DELAYED, q.peek(id).orElseThrow().state());
            assertEquals(1, q.stats().delayed());
            assertEquals(Optional.empty(), q.getNextJobAndReserve(Duration.ZERO));
            Job job = q.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow();
            assertEquals(id, job.id());
            assertBetween(900, 4_000, millisSince(start), "milliseconds until the delayed job was reserved");
        }

        @Test
        void peekDelayed_shows_the_job_that_is_ready_first() {
            requires(Capability.PEEK);
            JobQueue q = fresh();
            q.addJob("in an hour", delay(Duration.ofHours(1)));
            long soon = q.addJob("in a minute", delay(Duration.ofMinutes(1)));
            assertEquals(soon, q.peekDelayed().orElseThrow().id());
            assertEquals(Optional.empty(), q.peekReady());
        }
    }

    @Nested
    class TimeToRun {
        @Test
        void expired_reservation_makes_the_job_ready_again() {
            JobQueue q = fresh();
            long id = q.addJob("slow", ttr(Duration.ofSeconds(1)));
            Job first = reserveNow(q);
            Job again = q.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow();
            assertEquals(id, again.id());
            assertEquals(2, again.reserves());
            assertNotEquals(first.reservation(), again.reservation());
            q.delete(again);
        }

        @Test
        void touch_renews_the_reservation() {
            JobQueue q = fresh();
            q.addJob("long", ttr(Duration.ofSeconds(2)));
            Job job = reserveNow(q);
            sleep(Duration.ofMillis(1_300));
            q.touch(job);
            sleep(Duration.ofMillis(1_300));
            assertEquals(Optional.empty(), q.getNextJobAndReserve(Duration.ZERO), "touched job stays reserved");
            assertEquals(1, q.stats().reserved());
            q.delete(job);
            assertEquals(0, q.stats().total());
        }
    }

    @Nested
    class Fencing {
        @Test
        void delete_after_the_reservation_moved_on_fails_and_spares_the_new_holder() {
            requires(Capability.PEEK);
            requires(Capability.FENCING);
            JobQueue q = fresh();
            q.addJob("x", ttr(Duration.ofSeconds(1)));
            Job stale = reserveNow(q);
            Job current = q.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow();
            assertThrows(ReservationLostException.class, () -> q.delete(stale));
            assertEquals(JobState.RESERVED, q.peek(current.id()).orElseThrow().state());
            q.delete(current);
            assertEquals(Optional.empty(), q.peek(current.id()));
        }

        @Test
        void release_bury_and_touch_under_a_lost_reservation_change_nothing() {
            requires(Capability.PEEK);
            requires(Capability.FENCING);
            JobQueue q = fresh();
            q.addJob("x", ttr(Duration.ofSeconds(1)));
            Job stale = reserveNow(q);
            Job current = q.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow();
            assertThrows(ReservationLostException.class, () -> q.release(stale));
            assertThrows(ReservationLostException.class, () -> q.bury(stale));
            assertThrows(ReservationLostException.class, () -> q.touch(stale));
            Job seen = q.peek(current.id()).orElseThrow();
            assertEquals(JobState.RESERVED, seen.state());
            assertEquals(2, seen.reserves());
            q.bury(current);
            assertEquals(1, q.getBuriedCount());
        }

        @Test
        void a_reservation_belongs_to_the_queue_that_made_it_and_another_queue_changes_nothing() {
            requires(Capability.SHARED_BETWEEN_PROCESSES);
            JobQueue q = fresh();
            q.addJob("x");
            Job job = reserveNow(q);
            try (JobQueue other = open(settings())) {
                JobQueue elsewhere = other.selectPipeline(q.selectedPipeline()).watchPipeline(q.selectedPipeline());
                assertThrows(ReservationLostException.class, () -> elsewhere.delete(job));
                assertThrows(ReservationLostException.class, () -> elsewhere.release(job));
                assertThrows(ReservationLostException.class, () -> elsewhere.bury(job));
                assertThrows(ReservationLostException.class, () -> elsewhere.touch(job));
                assertEquals(List.of(Outcome.RESERVATION_LOST), elsewhere.deleteEach(List.of(job)));
                assertEquals(Optional.empty(), elsewhere.getNextJobAndReserve(Duration.ZERO),
                        "the job is still held, so no one else can reserve it");
            }
            q.delete(job); // the reservation still holds where it was made
            assertEquals(0, q.stats().total());
        }

        @Test
        void an_expired_reservation_fails_even_before_anyone_else_takes_the_job() {
            requires(Capability.FENCING);
            JobQueue q = fresh();
            q.addJob("x", ttr(Duration.ofSeconds(1)));
            Job stale = reserveNow(q);
            sleep(Duration.ofMillis(2_100));
            assertThrows(ReservationLostException.class, () -> q.delete(stale));
            assertEquals(1, q.getReadyCount());
        }

        @Test
        void a_job_reserved_by_another_worker_cannot_be_deleted_by_id() {
            requires(Capability.PEEK);
            JobQueue q = fresh();
            long id = q.addJob("x", ttr(LONG_TTR));
            reserveNow(q);
            assertThrows(ReservationLostException.class, () -> q.delete(id));
            assertEquals(JobState.RESERVED, q.peek(id).orElseThrow().state());
        }
    }

    @Nested
    class Delete {
        @Test
        void deleted_job_is_gone() {
            requires(Capability.PEEK);
            JobQueue q = fresh();
            q.addJob("x");
            Job job = reserveNow(q);
            q.delete(job);
            assertEquals(Optional.empty(), q.peek(job.id()));
            assertEquals(0, q.stats().total());
        }

        @Test
        void deleting_twice_or_an_unknown_id_fails_as_no_such_job() {
            requires(Capability.DELETE_BY_ID);
            JobQueue q = fresh();
            q.addJob("x");
            Job job = reserveNow(q);
            q.delete(job);
            assertThrows(NoSuchJobException.class, () -> q.delete(job));
            NoSuchJobException e = assertThrows(NoSuchJobException.class, () -> q.delete(Long.MAX_VALUE - 7));
            assertEquals(Long.MAX_VALUE - 7, e.jobId());
        }

        @Test
        void ready_delayed_and_buried_jobs_can_be_deleted_by_id() {
            requires(Capability.DELETE_BY_ID);
            JobQueue q = fresh();
            long ready = q.addJob("ready");
            long delayed = q.addJob("delayed", delay(Duration.ofHours(1)));
            long buried = q.addJob("buried", priority(0));
            q.bury(reserveNow(q));
            q.delete(ready);
            q.delete(delayed);
            q.delete(buried);
            assertEquals(0, q.stats().total());
        }

        @Test
        void deleteAll_deletes_a_batch_and_counts_what_it_deleted() {
            JobQueue q = fresh();
            q.addJobs(List.of("a", "b", "c", "d"));
            List<Job> batch = q.reserveJobs(4, Duration.ofSeconds(5));
            assertEquals(4, batch.size());
            q.delete(batch.get(0));
            assertEquals(3, q.deleteAll(batch));
            assertEquals(0, q.stats().total());
        }
    }

    @Nested
    class Release {
        @Test
        void released_job_is_ready_again_with_its_new_priority() {
            requires(Capability.PEEK);
            requires(Capability.PRIORITY_ORDER);
            JobQueue q = fresh();
            q.addJob("a", priority(10));
            q.addJob("b", priority(20));
            Job a = reserveNow(q);
            q.release(a, 30, Duration.ZERO);
            Job readA = q.peek(a.id()).orElseThrow();
            assertEquals(JobState.READY, readA.state());
            assertEquals(30, readA.priority());
            assertEquals("b", reserveNow(q).payloadAsString());
            Job again = reserveNow(q);
            assertEquals(a.id(), again.id());
            assertEquals(2, again.reserves());
        }

        @Test
        void release_keeps_the_priority_and_the_fifo_place() {
            requires(Capability.PRIORITY_ORDER);
            JobQueue q = fresh();
            q.addJob("first");
            q.addJob("second");
            Job first = reserveNow(q);
            q.release(first);
            assertEquals("first", reserveNow(q).payloadAsString());
        }

        @Test
        void release_with_delay_makes_the_job_delayed() {
            requires(Capability.PEEK);
            JobQueue q = fresh();
            q.addJob("x");
            Job job = reserveNow(q);
            q.release(job, job.priority(), Duration.ofHours(1));
            assertEquals(JobState.DELAYED, q.peek(job.id()).orElseThrow().state());
            assertEquals(Optional.empty(), q.getNextJobAndReserve(Duration.ZERO));
        }

        @Test
        void releasing_a_deleted_job_fails() {
            JobQueue q = fresh();
            q.addJob("x");
            Job job = reserveNow(q);
            q.delete(job);
            assertThrows(NoSuchJobException.class, () -> q.release(job));
        }
    }

    @Nested
    class BuryAndKick {
        @Test
        void buried_job_is_set_aside_until_kicked() {
            requires(Capability.PEEK);
            requires(Capability.KICK_BY_ID);
            JobQueue q = fresh();
            q.addJob("x");
            Job job = reserveNow(q);
            q.bury(job);
            assertEquals(JobState.BURIED, q.peek(job.id()).orElseThrow().state());
            assertEquals(1, q.getBuriedCount());
            assertEquals(job.id(), q.getNextBuriedJob().orElseThrow().id());
            assertEquals(Optional.empty(), q.getNextJobAndReserve(Duration.ZERO));
            q.kick(q.getNextBuriedJob().orElseThrow());
            assertEquals(0, q.getBuriedCount());
            assertEquals(job.id(), reserveNow(q).id());
        }

        @Test
        void bury_sets_the_priority() {
            requires(Capability.PEEK);
            JobQueue q = fresh();
            q.addJob("x");
            Job job = reserveNow(q);
            q.bury(job, 99);
            assertEquals(99, q.peek(job.id()).orElseThrow().priority());
        }

        @Test
        void bury_records_the_reason() {
            requires(Capability.PEEK);
            requires(Capability.BURY_REASON);
            JobQueue q = fresh();
            q.addJob("x");
            Job job = reserveNow(q);
            q.bury(job, job.priority(), "IllegalStateException: mailbox full");
            assertEquals(Optional.of("IllegalStateException: mailbox full"), q.getNextBuriedJob().orElseThrow().error());
        }

        @Test
        void getNextBuriedJob_returns_the_first_buried() {
            requires(Capability.PEEK);
            JobQueue q = fresh();
            q.addJobs(List.of("a", "b"));
            Job a = reserveNow(q);
            Job b = reserveNow(q);
            q.bury(b);
            q.bury(a);
            assertEquals(b.id(), q.getNextBuriedJob().orElseThrow().id());
        }

        @Test
        void kick_pipeline_kicks_buried_jobs_up_to_the_bound() {
            JobQueue q = fresh();
            q.addJobs(List.of("a", "b", "c"));
            q.addJob("delayed", delay(Duration.ofHours(1)));
            for (int i = 0; i < 3; i++) {
                q.bury(reserveNow(q));
            }
            assertEquals(2, q.kick(q.selectedPipeline(), 2));
            PipelineStats stats = q.stats();
            assertEquals(2, stats.ready());
            assertEquals(1, stats.buried());
            assertEquals(1, stats.delayed());
            assertEquals(1, q.kick(q.selectedPipeline(), 10));
            assertEquals(1, q.stats().delayed(), "delayed jobs stay while buried ones were kicked");
        }

        @Test
        void kick_pipeline_kicks_delayed_jobs_when_none_is_buried() {
            JobQueue q = fresh();
            long id = q.addJob("delayed", delay(Duration.ofHours(1)));
            assertEquals(1, q.kick(q.selectedPipeline(), 5));
            assertEquals(id, reserveNow(q).id());
            assertEquals(0, q.kick(q.selectedPipeline(), 5));
        }

        @Test
        void kicking_a_delayed_job_by_id_makes_it_ready() {
            requires(Capability.PEEK);
            requires(Capability.KICK_BY_ID);
            JobQueue q = fresh();
            long id = q.addJob("delayed", delay(Duration.ofHours(1)));
            q.kick(id);
            assertEquals(JobState.READY, q.peek(id).orElseThrow().state());
        }

        @Test
        void kicking_a_ready_or_unknown_job_fails() {
            requires(Capability.KICK_BY_ID);
            JobQueue q = fresh();
            long id = q.addJob("ready");
            assertThrows(NoSuchJobException.class, () -> q.kick(id));
            assertThrows(NoSuchJobException.class, () -> q.kick(Long.MAX_VALUE - 9));
            assertThrows(InvalidInputException.class, () -> q.kick(q.selectedPipeline(), -1));
        }
    }

    @Nested
    class PeekAndCount {
        @Test
        void peek_of_an_unknown_id_is_empty() {
            requires(Capability.PEEK);
            assertEquals(Optional.empty(), queue.peek(Long.MAX_VALUE - 11));
        }

        @Test
        void peekReady_shows_what_reserve_takes_without_reserving() {
            requires(Capability.PEEK);
            JobQueue q = fresh();
            q.addJob("later", priority(50));
            long next = q.addJob("next", priority(1));
            assertEquals(next, q.peekReady().orElseThrow().id());
            assertEquals(2, q.getReadyCount());
            assertEquals(next, reserveNow(q).id());
        }

        @Test
        void stats_count_every_state() {
            JobQueue q = fresh();
            q.addJobs(List.of("r1", "r2", "reserved", "buried"), priority(5));
            q.addJobs(List.of("first", "second"), priority(0));
            q.addJob("delayed", delay(Duration.ofHours(1)));
            reserveNow(q);
            reserveNow(q);
            reserveNow(q);
            q.bury(reserveNow(q));
            PipelineStats stats = q.stats();
            assertEquals(new PipelineStats(q.selectedPipeline(), 2, 1, 3, 1), stats);
            assertEquals(7, stats.total());
            assertEquals(2, queue.getReadyCount(q.selectedPipeline()));
            assertEquals(1, queue.getBuriedCount(q.selectedPipeline()));
        }

        @Test
        void stats_of_an_unused_pipeline_are_zero() {
            String p = newPipeline();
            assertEquals(new PipelineStats(p, 0, 0, 0, 0), queue.stats(p));
            assertFalse(queue.listPipelines().contains(p));
        }
    }

    @Nested
    class Transactions {
        @Test
        void add_through_the_callers_transaction_is_visible_only_after_commit() throws Exception {
            requires(Capability.TRANSACTIONAL_ADD);
            JobQueue q = fresh();
            try (java.sql.Connection c = callerConnection()) {
                c.setAutoCommit(false);
                long id = q.addJob(c, "with my data", JobOptions.defaults());
                assertEquals(Optional.empty(), q.peek(id), "invisible before commit");
                assertEquals(0, q.stats().total(), "invisible before commit");
                c.commit();
                assertEquals(id, reserveNow(q).id());
            }
        }

        @Test
        void bulk_add_through_the_callers_transaction_is_all_or_nothing() throws Exception {
            requires(Capability.TRANSACTIONAL_ADD);
            JobQueue q = fresh();
            try (java.sql.Connection c = callerConnection()) {
                c.setAutoCommit(false);
                List<Long> gone = q.addJobs(c, List.of("x", "y"), JobOptions.defaults());
                c.rollback();
                assertEquals(Optional.empty(), q.peek(gone.get(0)), "rolled back");
                List<Long> ids = q.addJobs(c, List.of("a", "b", "c"), JobOptions.defaults());
                assertEquals(0, q.stats().total(), "invisible before commit");
                c.commit();
                assertEquals(3, ids.size());
                assertEquals(List.of("a", "b", "c"), List.of(reserveNow(q).payloadAsString(),
                        reserveNow(q).payloadAsString(), reserveNow(q).payloadAsString()));
            }
        }

        @Test
        void add_through_the_callers_transaction_is_gone_after_rollback() throws Exception {
            requires(Capability.TRANSACTIONAL_ADD);
            JobQueue q = fresh();
            try (java.sql.Connection c = callerConnection()) {
                c.setAutoCommit(false);
                long id = q.addJob(c, "rolled back", JobOptions.defaults());
                c.rollback();
                assertEquals(Optional.empty(), q.peek(id));
                assertEquals(0, q.stats().total());
            }
        }
    }

    /** A connection of the caller's own to the database under test, for the transactional tests. */
    protected java.sql.Connection callerConnection() throws java.sql.SQLException {
        throw new UnsupportedOperationException("backends with TRANSACTIONAL_ADD override callerConnection()");
    }
}
