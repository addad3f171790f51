package io.jobqueue.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Capability;
import io.jobqueue.InvalidInputException;
import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.PipelineLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Pipeline limits: how many jobs of a pipeline run at once, and how many start per second. */
public abstract class LimitsContract extends ControlsContract {

    private static void addMany(JobQueue q, int jobs) {
        q.addJobs(IntStream.range(0, jobs).boxed().toList(), ttr(LONG_TTR));
    }

    @Nested
    class Limits {
        @Test
        void at_most_max_running_jobs_are_reserved_until_one_is_settled() {
            requires(Capability.PIPELINE_LIMITS);
            JobQueue q = fresh();
            q.setLimits(q.selectedPipeline(), PipelineLimits.maxRunning(2));
            addMany(q, 6);
            List<Job> first = q.reserveJobs(6, Duration.ofSeconds(5));
            assertEquals(2, first.size(), "a reserve of 6 gets the 2 the limit allows");
            assertEquals(List.of(), q.reserveJobs(6, SHORT_WAIT), "none while 2 run");
            q.delete(first.get(0));
            assertEquals(1, q.reserveJobs(6, Duration.ofSeconds(5)).size(), "a delete frees one place");
            q.release(first.get(1));
            assertEquals(1, q.reserveJobs(6, Duration.ofSeconds(5)).size(), "a release frees one place");
            assertEquals(3, q.stats().ready(), "6 jobs, 1 deleted, 2 running");
        }

        @Test
        void an_expired_reservation_no_longer_counts_as_running() {
            requires(Capability.PIPELINE_LIMITS);
            JobQueue q = fresh();
            q.setLimits(q.selectedPipeline(), PipelineLimits.maxRunning(1));
            long expiring = q.addJob("short", ttr(Duration.ofSeconds(1)));
            q.addJob("next", ttr(LONG_TTR));
            assertEquals(expiring, reserveNow(q).id());
            assertEquals(List.of(), q.reserveJobs(2, SHORT_WAIT), "the limit holds while the reservation lasts");
            List<Job> after = new ArrayList<>();
            Await.until("a job is reserved once the reservation expired", Duration.ofSeconds(10),
                    () -> after.addAll(q.reserveJobs(2, Duration.ZERO)));
            assertEquals(1, after.size(), after.toString());
            assertEquals(List.of(), q.reserveJobs(2, SHORT_WAIT), "the job just reserved takes the one place");
        }

        @Test
        void a_bury_frees_the_place() {
            requires(Capability.PIPELINE_LIMITS);
            JobQueue q = fresh();
            q.setLimits(q.selectedPipeline(), PipelineLimits.maxRunning(1));
            addMany(q, 2);
            Job held = reserveNow(q);
            assertEquals(List.of(), q.reserveJobs(2, SHORT_WAIT));
            q.bury(held);
            assertEquals(1, q.reserveJobs(2, Duration.ofSeconds(5)).size());
        }

        @Test
        void at_most_the_rate_starts_per_second() {
            requires(Capability.PIPELINE_LIMITS);
            JobQueue q = fresh();
            q.setLimits(q.selectedPipeline(), PipelineLimits.maxStartedPerSecond(4));
            addMany(q, 20);
            long start = System.nanoTime();
            assertEquals(4, q.reserveJobs(20, Duration.ofSeconds(5)).size(), "a full bucket allows a second's worth");
            List<Job> later = new ArrayList<>();
            Await.until("more start as the bucket refills", Duration.ofSeconds(10),
                    () -> later.addAll(q.reserveJobs(20, Duration.ZERO)) && later.size() >= 4);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds >= 0.7, "4 more after " + seconds + " s: at most 4 per second");
            assertTrue(later.size() <= 4 + Math.ceil(seconds * 4), later.size() + " started in " + seconds + " s");
        }

        @Test
        void limits_are_read_back_lifted_by_none_and_leave_other_pipelines_alone() {
            requires(Capability.PIPELINE_LIMITS);
            JobQueue limited = fresh();
            JobQueue free = fresh();
            String p = limited.selectedPipeline();
            assertEquals(PipelineLimits.NONE, limited.limits(p));
            limited.setLimits(p, new PipelineLimits(1, 100));
            assertEquals(new PipelineLimits(1, 100), limited.limits(p));
            assertEquals(PipelineLimits.NONE, limited.limits(free.selectedPipeline()));
            addMany(limited, 3);
            addMany(free, 3);
            JobQueue worker = queue.watchPipeline(p).watchPipeline(free.selectedPipeline());
            List<Job> got = worker.reserveJobs(10, Duration.ofSeconds(5));
            assertEquals(1, got.stream().filter(j -> j.pipeline().equals(p)).count(), got.toString());
            assertEquals(3, got.stream().filter(j -> !j.pipeline().equals(p)).count(), got.toString());
            limited.setLimits(p, PipelineLimits.NONE);
            assertEquals(PipelineLimits.NONE, limited.limits(p));
            assertEquals(2, limited.reserveJobs(10, Duration.ofSeconds(5)).size(), "no limit once lifted");
        }

        @Test
        void a_limit_set_by_another_queue_on_the_same_backend_holds_at_once() {
            requires(Capability.PIPELINE_LIMITS);
            requires(Capability.SHARED_BETWEEN_PROCESSES);
            JobQueue q = fresh();
            addMany(q, 3);
            try (JobQueue other = open(settings())) {
                other.setLimits(q.selectedPipeline(), PipelineLimits.maxRunning(1));
                assertEquals(PipelineLimits.maxRunning(1), q.limits(q.selectedPipeline()));
                assertEquals(1, q.reserveJobs(3, Duration.ofSeconds(5)).size());
            }
        }

        @Test
        void a_paused_limited_pipeline_hands_out_nothing_until_resumed() {
            requires(Capability.PIPELINE_LIMITS);
            requires(Capability.PAUSE);
            JobQueue q = fresh();
            q.setLimits(q.selectedPipeline(), PipelineLimits.maxRunning(2));
            q.pause(q.selectedPipeline());
            addMany(q, 3);
            assertEquals(List.of(), q.reserveJobs(3, SHORT_WAIT));
            q.resume(q.selectedPipeline());
            assertEquals(2, q.reserveJobs(3, Duration.ofSeconds(5)).size());
        }

        @Test
        void bad_limits_are_refused_and_nothing_changes() {
            for (Executable call : List.<Executable>of(() -> new PipelineLimits(-1, 0),
                    () -> new PipelineLimits(0, -1), () -> PipelineLimits.maxRunning(PipelineLimits.MAX + 1),
                    () -> queue.setLimits("a b", PipelineLimits.NONE), () -> queue.setLimits(newPipeline(), null),
                    () -> queue.limits("a\r\nb"))) {
                assertThrows(InvalidInputException.class, call);
            }
        }

        @Test
        void limits_work_exactly_when_declared_and_are_otherwise_refused() {
            String p = newPipeline();
            if (queue.capabilities().contains(Capability.PIPELINE_LIMITS)) {
                queue.setLimits(p, PipelineLimits.maxRunning(3));
                assertEquals(PipelineLimits.maxRunning(3), queue.limits(p));
                return;
            }
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> queue.setLimits(p, PipelineLimits.maxRunning(3)));
            assertTrue(e.getMessage().contains("PIPELINE_LIMITS"), e.getMessage());
            assertEquals(PipelineLimits.NONE, queue.limits(p));
        }
    }
}
