package io.jobqueue.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Capability;
import io.jobqueue.InvalidInputException;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.Occurrence;
import io.jobqueue.Recurrence;
import io.jobqueue.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Recurring jobs: schedules stored by the backend, each occurrence enqueued once however many schedulers run, and
 * missed occurrences run once. Time moves on a {@link SettableClock} given to a queue opened for the test.
 */
public abstract class ScheduleContract extends ListingContract {
    private static final int THREADS = 8;
    /** A Saturday noon, the day before Paris moves to summer time (2030-03-31 01:00 UTC). */
    private static final Instant BEFORE_DST = Instant.parse("2030-03-30T12:00:00Z");

    @Nested
    class Schedules {
        @Test
        void a_cron_schedule_is_stored_with_its_zone_and_its_next_run_read_in_that_zone() {
            requires(Capability.SCHEDULES);
            SettableClock clock = new SettableClock(BEFORE_DST);
            try (JobQueue q = openAt(clock)) {
                String pipeline = newPipeline();
                String paris = newSchedule();
                String utc = newSchedule();
                Schedule stored = q.schedule(paris, Recurrence.cron("30 9 * * *", ZoneId.of("Europe/Paris")), pipeline,
                        "report", JobOptions.defaults().withPriority(7).withTtr(Duration.ofMinutes(3)));
                // 09:30 in Paris on the 31st is summer time, UTC+2; the 30th's 09:30 (08:30 UTC) has passed.
                assertEquals(Instant.parse("2030-03-31T07:30:00Z"), stored.nextRunAt());
                assertEquals(Instant.parse("2030-03-31T09:30:00Z"),
                        q.schedule(utc, Recurrence.cron("30 9 * * *"), pipeline, "x").nextRunAt(), "UTC by default");

                Schedule listed = findSchedule(q, paris).orElseThrow();
                assertEquals(stored, listed);
                assertEquals(ZoneId.of("Europe/Paris"), listed.zone());
                assertEquals(Recurrence.cron("30 9 * * *", ZoneId.of("Europe/Paris")), listed.recurrence());
                assertEquals(pipeline, listed.pipeline());
                assertEquals("report", listed.payloadAsString());
                assertEquals(7, listed.priority());
                assertEquals(Duration.ofMinutes(3), listed.ttr());
                assertEquals(ZoneOffset.UTC, findSchedule(q, utc).orElseThrow().zone());
                q.removeSchedule(paris);
                q.removeSchedule(utc);
            }
        }

        @Test
        void an_interval_schedule_first_runs_one_period_after_it_is_created() {
            requires(Capability.SCHEDULES);
            SettableClock clock = new SettableClock(BEFORE_DST.plusMillis(123));
            try (JobQueue q = openAt(clock)) {
                String name = newSchedule();
                Schedule s = q.schedule(name, Recurrence.every(Duration.ofSeconds(90)), newPipeline(), new byte[] {0, 1, 2});
                assertEquals(BEFORE_DST.plusMillis(123).plusSeconds(90), s.nextRunAt());
                assertArrayEquals(new byte[] {0, 1, 2}, findSchedule(q, name).orElseThrow().payload());
                assertEquals(Recurrence.every(Duration.ofSeconds(90)), findSchedule(q, name).orElseThrow().recurrence());
                q.removeSchedule(name);
            }
        }

        @Test
        void bad_cron_expressions_and_intervals_are_refused_with_what_is_wrong() {
            List<Supplier<Recurrence>> badCron = List.of(() -> Recurrence.cron(null), () -> Recurrence.cron("  "),
                    () -> Recurrence.cron("* * *"), () -> Recurrence.cron("* * * * * * *"),
                    () -> Recurrence.cron("61 * * * *"), () -> Recurrence.cron("* 25 * * *"),
                    () -> Recurrence.cron("* * * * FUNDAY"), () -> Recurrence.cron("0 0 30 2 *"),
                    () -> Recurrence.cron("x".repeat(201)), () -> Recurrence.cron("* * * * *\u0000"),
                    () -> Recurrence.cron("* * * * *", null));
            for (Supplier<Recurrence> bad : badCron) {
                InvalidInputException e = assertThrows(InvalidInputException.class, bad::get);
                assertTrue(e.getMessage().contains("cron"), e.getMessage());
            }
            InvalidInputException fields = assertThrows(InvalidInputException.class, () -> Recurrence.cron("* * *"));
            assertTrue(fields.getMessage().contains("3 fields"), fields.getMessage());
            InvalidInputException never = assertThrows(InvalidInputException.class, () -> Recurrence.cron("0 0 30 2 *"));
            assertTrue(never.getMessage().contains("never fires"), never.getMessage());
            InvalidInputException minute = assertThrows(InvalidInputException.class, () -> Recurrence.cron("61 * * * *"));
            assertTrue(minute.getMessage().contains("61"), minute.getMessage());

            for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofMillis(-1), Duration.ofMillis(999),
                    Duration.ofDays(367), Duration.ofSeconds(1).plusNanos(1)}) {
                InvalidInputException e = assertThrows(InvalidInputException.class, () -> Recurrence.every(bad));
                assertTrue(e.getMessage().contains("interval"), e.getMessage());
            }
            // The edges are accepted.
            Recurrence.every(Recurrence.MIN_INTERVAL);
            Recurrence.every(Recurrence.MAX_INTERVAL);
            Recurrence.cron("0/10 * * * * *");
            Recurrence.cron(" 0  9 * *   MON-FRI ");
            assertEquals("0 9 * * MON-FRI", ((Recurrence.Cron) Recurrence.cron(" 0  9 * *   MON-FRI ")).expression());
        }

        @Test
        void bad_schedules_are_refused_before_anything_is_stored() {
            String name = newSchedule();
            Recurrence minutely = Recurrence.every(Duration.ofMinutes(1));
            String pipeline = newPipeline();
            List<Executable> bad = List.of(() -> queue.schedule(null, minutely, pipeline, "x"),
                    () -> queue.schedule("a b", minutely, pipeline, "x"),
                    () -> queue.schedule("x".repeat(201), minutely, pipeline, "x"),
                    () -> queue.schedule(name, null, pipeline, "x"),
                    () -> queue.schedule(name, minutely, "a\r\nb", "x"),
                    () -> queue.schedule(name, minutely, pipeline, null),
                    () -> queue.schedule(name, minutely, pipeline, new byte[queue.settings().maxPayloadBytes() + 1]),
                    () -> queue.schedule(name, minutely, pipeline, "x", delay(Duration.ofSeconds(5))),
                    () -> queue.schedule(name, minutely, pipeline, "x", JobOptions.defaults().withUniqueKey("k")));
            for (Executable call : bad) {
                assertThrows(InvalidInputException.class, call);
            }
            InvalidInputException named = assertThrows(InvalidInputException.class,
                    () -> queue.schedule("a b", minutely, pipeline, "x"));
            assertTrue(named.getMessage().contains("schedule name"), named.getMessage());
            assertEquals(Optional.empty(), findSchedule(queue, name));
            assertThrows(InvalidInputException.class, () -> queue.removeSchedule(null));
        }

        @Test
        void schedules_survive_a_reconnect() {
            requires(Capability.SCHEDULES);
            requires(Capability.SHARED_BETWEEN_PROCESSES);
            String name = newSchedule();
            Schedule stored;
            try (JobQueue first = open(settings())) {
                stored = first.schedule(name, Recurrence.cron("0 3 * * SUN", ZoneId.of("America/New_York")),
                        newPipeline(), "{\"weekly\":true}");
            }
            try (JobQueue second = open(settings())) {
                assertEquals(stored, findSchedule(second, name).orElseThrow());
                assertTrue(second.removeSchedule(name));
            }
        }

        @Test
        void declaring_a_schedule_again_keeps_its_next_run_and_a_changed_one_replaces_it() {
            requires(Capability.SCHEDULES);
            SettableClock clock = new SettableClock(BEFORE_DST);
            try (JobQueue q = openAt(clock)) {
                String name = newSchedule();
                String pipeline = newPipeline();
                Schedule first = q.schedule(name, Recurrence.every(Duration.ofMinutes(10)), pipeline, "v1");
                clock.advance(Duration.ofMinutes(4));
                assertEquals(first, q.schedule(name, Recurrence.every(Duration.ofMinutes(10)), pipeline, "v1"),
                        "the same definition again (another process starting) does not move the next run");
                Schedule changed = q.schedule(name, Recurrence.every(Duration.ofMinutes(10)), pipeline, "v2");
                assertEquals(clock.instant().plus(Duration.ofMinutes(10)), changed.nextRunAt());
                assertEquals(List.of(changed), q.listSchedules().stream().filter(s -> s.name().equals(name)).toList());
                assertEquals("v2", findSchedule(q, name).orElseThrow().payloadAsString());
                q.removeSchedule(name);
            }
        }

        @Test
        void a_removed_schedule_is_gone_and_its_jobs_stay() {
            requires(Capability.SCHEDULES);
            SettableClock clock = new SettableClock(BEFORE_DST);
            try (JobQueue q = openAt(clock)) {
                String name = newSchedule();
                JobQueue pipeline = q.selectPipeline(newPipeline()).watchPipeline(newPipeline());
                q.schedule(name, Recurrence.every(Duration.ofMinutes(1)), pipeline.selectedPipeline(), "x");
                clock.advance(Duration.ofMinutes(1));
                assertEquals(1, q.runDueSchedules().stream().filter(o -> o.schedule().equals(name)).count());
                assertTrue(q.removeSchedule(name));
                assertFalse(q.removeSchedule(name), "removing it again finds nothing");
                assertEquals(Optional.empty(), findSchedule(q, name));
                clock.advance(Duration.ofMinutes(5));
                assertEquals(0, q.runDueSchedules().stream().filter(o -> o.schedule().equals(name)).count());
                assertEquals(1, pipeline.stats().total(), "the job it added stays");
            }
        }

        @Test
        void a_due_occurrence_is_enqueued_once_and_the_schedule_moves_to_the_next() {
            requires(Capability.SCHEDULES);
            SettableClock clock = new SettableClock(BEFORE_DST);
            try (JobQueue q = openAt(clock)) {
                String name = newSchedule();
                JobQueue p = q.selectPipeline(newPipeline());
                p = p.watchPipeline(p.selectedPipeline());
                q.schedule(name, Recurrence.cron("*/15 * * * *"), p.selectedPipeline(), "tick",
                        JobOptions.defaults().withPriority(3).withTtr(Duration.ofSeconds(45)));
                Instant first = Instant.parse("2030-03-30T12:15:00Z");
                assertEquals(first, findSchedule(q, name).orElseThrow().nextRunAt());

                clock.set(first.minusMillis(1));
                assertEquals(List.of(), mine(q.runDueSchedules(), name), "not due a millisecond early");
                clock.set(first);
                List<Occurrence> ran = mine(q.runDueSchedules(), name);
                assertEquals(1, ran.size(), ran.toString());
                assertEquals(first, ran.get(0).scheduledAt());
                assertEquals(List.of(), mine(q.runDueSchedules(), name), "an occurrence runs once");
                assertEquals(Instant.parse("2030-03-30T12:30:00Z"), findSchedule(q, name).orElseThrow().nextRunAt());

                Job job = reserveNow(p);
                assertEquals(ran.get(0).jobId(), job.id());
                assertEquals("tick", job.payloadAsString());
                assertEquals(3, job.priority());
                assertEquals(Duration.ofSeconds(45), job.ttr());
                p.delete(job);
                q.removeSchedule(name);
            }
        }

        /** The documented policy: one job for a missed stretch, then the schedule's own times again. */
        @Test
        void missed_occurrences_run_once_and_the_schedule_then_keeps_its_times() {
            requires(Capability.SCHEDULES);
            SettableClock clock = new SettableClock(BEFORE_DST);
            try (JobQueue q = openAt(clock)) {
                String interval = newSchedule();
                String cron = newSchedule();
                JobQueue p = q.selectPipeline(newPipeline());
                q.schedule(interval, Recurrence.every(Duration.ofMinutes(1)), p.selectedPipeline(), "interval");
                q.schedule(cron, Recurrence.cron("0 * * * *"), p.selectedPipeline(), "hourly");

                clock.advance(Duration.ofHours(5).plusSeconds(30)); // 300 minutes and 5 hours missed
                List<Occurrence> ran = q.runDueSchedules();
                assertEquals(List.of(BEFORE_DST.plus(Duration.ofMinutes(1))), times(ran, interval), "the oldest");
                assertEquals(List.of(Instant.parse("2030-03-30T13:00:00Z")), times(ran, cron));
                assertEquals(2, p.stats().total(), "one job each, not a burst");
                assertEquals(BEFORE_DST.plus(Duration.ofMinutes(301)), findSchedule(q, interval).orElseThrow().nextRunAt(),
                        "the interval keeps its phase");
                assertEquals(Instant.parse("2030-03-30T18:00:00Z"), findSchedule(q, cron).orElseThrow().nextRunAt());
                assertEquals(List.of(), mine(q.runDueSchedules(), interval));

                clock.set(BEFORE_DST.plus(Duration.ofMinutes(301)));
                assertEquals(List.of(BEFORE_DST.plus(Duration.ofMinutes(301))), times(q.runDueSchedules(), interval));
                q.removeSchedule(interval);
                q.removeSchedule(cron);
            }
        }

        @Test
        void eight_threads_running_the_scheduler_at_once_enqueue_each_occurrence_once() throws Exception {
            requires(Capability.SCHEDULES);
            SettableClock clock = new SettableClock(BEFORE_DST);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try (JobQueue q = openAt(clock)) {
                String name = newSchedule();
                JobQueue p = q.selectPipeline(newPipeline());
                q.schedule(name, Recurrence.every(Duration.ofSeconds(1)), p.selectedPipeline(), "x");
                for (int round = 1; round <= 5; round++) {
                    clock.set(BEFORE_DST.plusSeconds(round));
                    CyclicBarrier start = new CyclicBarrier(THREADS);
                    List<Future<List<Occurrence>>> runs = new ArrayList<>();
                    for (int t = 0; t < THREADS; t++) {
                        runs.add(pool.submit(() -> {
                            start.await(10, TimeUnit.SECONDS);
                            return mine(q.runDueSchedules(), name);
                        }));
                    }
                    List<Occurrence> all = new ArrayList<>();
                    for (Future<List<Occurrence>> run : runs) {
                        all.addAll(run.get(60, TimeUnit.SECONDS));
                    }
                    assertEquals(List.of(BEFORE_DST.plusSeconds(round)), all.stream().map(Occurrence::scheduledAt).toList(),
                            "round " + round + ": one thread wins the occurrence");
                    assertEquals(round, p.stats().total(), "round " + round + ": one job per occurrence");
                }
                q.removeSchedule(name);
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void schedules_work_exactly_when_declared_and_are_otherwise_refused_with_nothing_stored() {
            String name = newSchedule();
            Recurrence minutely = Recurrence.every(Duration.ofMinutes(1));
            if (queue.capabilities().contains(Capability.SCHEDULES)) {
                queue.schedule(name, minutely, newPipeline(), "x");
                assertTrue(findSchedule(queue, name).isPresent());
                assertTrue(queue.removeSchedule(name));
                return;
            }
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> queue.schedule(name, minutely, newPipeline(), "x"));
            assertTrue(e.getMessage().contains("SCHEDULES"), e.getMessage());
            assertThrows(InvalidInputException.class, () -> queue.removeSchedule(name));
            assertEquals(List.of(), queue.listSchedules());
            assertEquals(List.of(), queue.runDueSchedules());
        }
    }

    /** A queue on the backend under test whose time is {@code clock}'s. */
    private JobQueue openAt(SettableClock clock) {
        return open(settings().toBuilder().clock(clock).build());
    }

    private static String newSchedule() {
        return "sched-" + newPipeline();
    }

    private static Optional<Schedule> findSchedule(JobQueue q, String name) {
        return q.listSchedules().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The occurrences of schedule {@code name}: other tests' schedules share the backend. */
    private static List<Occurrence> mine(List<Occurrence> ran, String name) {
        return ran.stream().filter(o -> o.schedule().equals(name)).toList();
    }

    private static List<Instant> times(List<Occurrence> ran, String name) {
        return mine(ran, name).stream().map(Occurrence::scheduledAt).toList();
    }
}
