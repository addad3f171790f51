package io.jobqueue.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.InvalidInputException;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.PipelineStats;
import io.jobqueue.QueueSettings;
import io.jobqueue.ReservationLostException;
import io.jobqueue.tck.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the contract suite cannot show on RabbitMQ because it checks states by peeking (which AMQP cannot do):
 * the same behaviours, checked through reserves and the broker's counts; and the backend's own settings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RabbitBackendTest {
    private static final String SECRET = "s3cr3t";
    private static final JobOptions LONG_TTR = JobOptions.defaults().withTtr(Duration.ofSeconds(60));
    private final List<RabbitBackend> opened = new ArrayList<>();
    private final String classicPrefix = RabbitMqServer.newPrefix();
    private JobQueue queue;
    private int pipelines;

    @BeforeAll
    void open() {
        queue = open(QueueSettings.builder().pollInterval(Duration.ofMillis(20)).build());
    }

    @AfterAll
    void deleteQueues() throws Exception {
        Set<String> defaults = new HashSet<>();
        Set<String> classic = new HashSet<>();
        for (RabbitBackend backend : opened) {
            (backend.config().prefix().equals(classicPrefix) ? classic : defaults).addAll(backend.declaredQueues());
            backend.close();
        }
        RabbitMqServer.deleteAll(null, defaults);
        RabbitMqServer.deleteAll(classicPrefix, classic);
    }

    private JobQueue open(QueueSettings settings) {
        RabbitBackend backend = RabbitBackend.open(RabbitMqServer.URL, settings);
        opened.add(backend);
        return JobQueue.create(backend, settings);
    }

    private JobQueue fresh(JobQueue base) {
        String pipeline = "rabbit-test-" + (++pipelines) + "-" + Long.toHexString(System.nanoTime());
        return base.selectPipeline(pipeline).watchPipeline(pipeline);
    }

    private static Job reserveNow(JobQueue q) {
        return q.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("no job"));
    }

    @Nested
    class Connecting {
        @ParameterizedTest
        @ValueSource(strings = {"amqp://user:" + SECRET + "@127.0.0.1:1/%2F", "amqp://user:" + SECRET + "@bad host:5672",
                "amqp://user:" + SECRET + "@127.0.0.1:port/x", "amqp://:" + SECRET + "@[::1"})
        void a_failing_url_never_shows_its_password(String url) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> JobQueue.connect(url));
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t).contains(SECRET), String.valueOf(t));
            }
        }

        @Test
        void mistyped_options_are_refused_by_name() {
            InvalidInputException unknown = assertThrows(InvalidInputException.class, () -> RabbitBackend.open(
                    RabbitMqServer.URL, QueueSettings.builder().option("queuetype", "classic").build()));
            assertTrue(unknown.getMessage().contains("queuetype"), unknown.getMessage());
            InvalidInputException type = assertThrows(InvalidInputException.class, () -> RabbitBackend.open(
                    RabbitMqServer.URL, QueueSettings.builder().option(RabbitConfig.QUEUE_TYPE, "stream").build()));
            assertTrue(type.getMessage().contains("queueType"), type.getMessage());
            assertThrows(InvalidInputException.class, () -> RabbitBackend.open(RabbitMqServer.URL,
                    QueueSettings.builder().option(RabbitConfig.MAX_PRIORITY, "5").build()));
            assertThrows(InvalidInputException.class, () -> RabbitBackend.open(RabbitMqServer.URL,
                    QueueSettings.builder().option(RabbitConfig.QUEUE_TYPE, "classic")
                            .option(RabbitConfig.MAX_PRIORITY, "256").build()));
        }

        @Test
        void a_delay_past_the_levels_is_refused_and_nothing_is_stored() {
            JobQueue q = fresh(queue);
            Duration tooLong = Duration.ofSeconds(Delays.MAX_SECONDS + 1);
            assertThrows(InvalidInputException.class,
                    () -> q.addJobs(List.of("a", "b"), JobOptions.defaults().withDelay(tooLong)));
            assertEquals(0, q.stats().total());
        }
    }

    @Nested
    class Reserving {
        @Test
        void a_reserved_job_is_not_handed_out_again_and_is_counted_reserved() {
            JobQueue q = fresh(queue);
            q.addJob("x", LONG_TTR);
            Job job = reserveNow(q);
            assertEquals(1, job.reserves());
            assertEquals(Optional.empty(), q.getNextJobAndReserve(Duration.ZERO));
            assertEquals(new PipelineStats(q.selectedPipeline(), 0, 0, 1, 0), q.stats());
            q.delete(job);
            assertEquals(0, q.stats().total());
        }

        @Test
        void every_watched_pipeline_is_served_and_no_other() {
            JobQueue a = fresh(queue);
            JobQueue b = fresh(queue);
            JobQueue c = fresh(queue);
            a.addJob("from a");
            b.addJob("from b");
            c.addJob("from c");
            JobQueue worker = queue.watchPipeline(a.selectedPipeline()).watchPipeline(b.selectedPipeline());
            Set<String> got = Set.of(reserveNow(worker).payloadAsString(), reserveNow(worker).payloadAsString());
            assertEquals(Set.of("from a", "from b"), got);
            assertEquals(Optional.empty(), worker.getNextJobAndReserve(Duration.ZERO));
            assertEquals(1, c.getReadyCount());
        }
    }

    @Nested
    class Delaying {
        @Test
        void a_delay_through_two_levels_waits_its_whole_length() {
            JobQueue q = fresh(queue);
            long start = System.nanoTime();
            long id = q.addJob("three seconds", JobOptions.defaults().withDelay(Duration.ofSeconds(3)));
            assertEquals(1, q.stats().delayed());
            assertEquals(Optional.empty(), q.getNextJobAndReserve(Duration.ofMillis(2_500)));
            Job job = q.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow();
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertEquals(id, job.id());
            // Never early; how late depends on the machine's load, so the reserve's own timeout bounds it.
            assertTrue(waited >= 2_900, "waited " + waited + " ms");
        }

        @Test
        void a_long_delay_does_not_hold_up_a_shorter_one_added_after_it() {
            JobQueue q = fresh(queue);
            q.addJob("in an hour", JobOptions.defaults().withDelay(Duration.ofHours(1)));
            q.addJob("in a minute", JobOptions.defaults().withDelay(Duration.ofSeconds(65)));
            long start = System.nanoTime();
            long soon = q.addJob("in a second", JobOptions.defaults().withDelay(Duration.ofSeconds(1)));
            assertEquals(soon, q.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow().id());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 4_000);
            assertEquals(2, q.stats().delayed());
            assertEquals(2, q.kick(q.selectedPipeline(), 10), "kick moves delayed jobs when none is buried");
            assertEquals(2, q.getReadyCount());
        }

        @Test
        void release_with_a_delay_counts_the_job_delayed_then_ready() {
            JobQueue q = fresh(queue);
            q.addJob("x");
            Job job = reserveNow(q);
            q.release(job, job.priority(), Duration.ofSeconds(1));
            PipelineStats stats = q.stats();
            assertEquals(1, stats.delayed());
            assertEquals(0, stats.reserved());
            Job again = q.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow();
            assertEquals(job.id(), again.id());
            assertEquals(2, again.reserves());
        }
    }

    @Nested
    class Fencing {
        @Test
        void a_stale_reservation_changes_nothing_and_the_new_holder_keeps_the_job() {
            JobQueue q = fresh(queue);
            q.addJob("x", JobOptions.defaults().withTtr(Duration.ofSeconds(1)));
            Job stale = reserveNow(q);
            Job current = q.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow();
            assertEquals(2, current.reserves());
            assertThrows(ReservationLostException.class, () -> q.delete(stale));
            assertThrows(ReservationLostException.class, () -> q.release(stale));
            assertThrows(ReservationLostException.class, () -> q.bury(stale));
            assertThrows(ReservationLostException.class, () -> q.touch(stale));
            assertThrows(ReservationLostException.class, () -> q.delete(stale.id()));
            assertEquals(new PipelineStats(q.selectedPipeline(), 0, 0, 1, 0), q.stats());
            q.delete(current);
            assertEquals(0, q.stats().total());
        }
    }

    @Nested
    class BuryAndKick {
        @Test
        void a_buried_job_keeps_its_reason_and_priority_through_a_kick() {
            JobQueue q = fresh(queue);
            q.addJob("x");
            Job job = reserveNow(q);
            q.bury(job, 99, "IllegalStateException: mailbox full");
            assertEquals(new PipelineStats(q.selectedPipeline(), 0, 0, 0, 1), q.stats());
            assertEquals(Optional.empty(), q.getNextJobAndReserve(Duration.ZERO));
            assertEquals(1, q.kick(q.selectedPipeline(), 5));
            Job again = reserveNow(q);
            assertEquals(job.id(), again.id());
            assertEquals(99, again.priority());
            assertEquals(2, again.reserves());
            assertEquals(Optional.of("IllegalStateException: mailbox full"), again.error());
        }

        @Test
        void peeks_and_operations_by_id_are_refused_with_the_reason() {
            JobQueue q = fresh(queue);
            long id = q.addJob("x");
            InvalidInputException peek = assertThrows(InvalidInputException.class, () -> q.peek(id));
            assertTrue(peek.getMessage().contains("PEEK"), peek.getMessage());
            assertThrows(InvalidInputException.class, q::getNextBuriedJob);
            assertThrows(InvalidInputException.class, () -> q.delete(id));
            assertThrows(InvalidInputException.class, () -> q.kick(id));
            assertEquals(1, q.getReadyCount());
        }
    }

    @Nested
    class ClassicQueues {
        @Test
        void lower_priority_values_run_first_by_level() {
            JobQueue classic = open(QueueSettings.builder().option(RabbitConfig.QUEUE_TYPE, "classic")
                    .option(RabbitConfig.PREFIX, classicPrefix).build());
            JobQueue q = fresh(classic);
            q.addJob("low", JobOptions.defaults().withPriority(1L << 20));
            q.addJob("urgent", JobOptions.defaults().withPriority(0));
            q.addJob("normal", JobOptions.defaults().withPriority(1024));
            assertEquals(List.of("urgent", "normal", "low"), List.of(reserveNow(q).payloadAsString(),
                    reserveNow(q).payloadAsString(), reserveNow(q).payloadAsString()));
        }

        @Test
        void the_32_bit_priority_maps_onto_levels_by_bit_length() {
            assertEquals(10, Priorities.amqp(0, 10));
            assertEquals(10, Priorities.amqp(1, 10));
            assertEquals(7, Priorities.amqp(1024, 10));
            assertEquals(0, Priorities.amqp(JobOptions.MAX_PRIORITY, 10));
            assertEquals(21, Priorities.amqp(1024, 32));
            assertEquals(21, Priorities.amqp(2047, 32));
            assertEquals(20, Priorities.amqp(2048, 32));
        }
    }

    @Test
    void a_job_past_its_ttr_is_given_back_without_anyone_asking() {
        JobQueue q = fresh(queue);
        q.addJob("x", JobOptions.defaults().withTtr(Duration.ofSeconds(1)));
        reserveNow(q);
        Await.until("the expired job is ready again", () -> q.getReadyCount() == 1);
        assertEquals(0, q.stats().reserved());
    }
}
