package io.jobqueue.beanstalkd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobqueue.BackendException;
import io.jobqueue.InvalidInputException;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.Outcome;
import io.jobqueue.PipelineStats;
import io.jobqueue.QueueSettings;
import io.jobqueue.ReservationLostException;
import io.jobqueue.beanstalkd.client.BeanstalkClient;
import io.jobqueue.beanstalkd.client.JobStats;
import io.jobqueue.Capability;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the beanstalkd backend does beyond the contract suite: its adaptations to beanstalkd, and its limits. */
class BeanstalkBackendTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    static final BeanstalkdServerExtension BEANSTALKD = new BeanstalkdServerExtension();

    private static BeanstalkClient direct;
    private static JobQueue queue;

    @BeforeAll
    static void connect() {
        direct = BeanstalkClient.connect(BEANSTALKD.url());
        queue = JobQueue.connect(BEANSTALKD.url());
    }

    @AfterAll
    static void close() {
        queue.close();
        direct.close();
    }

    private static JobQueue fresh(JobQueue q) {
        String tube = "backend-" + System.nanoTime();
        return q.selectPipeline(tube).watchPipeline(tube);
    }

    private static JobQueue open(String option, String value) {
        return JobQueue.connect(BEANSTALKD.url(), QueueSettings.builder().option(option, value).build());
    }

    private static JobStats serverStats(long id) {
        return direct.statsJob(id).orElseThrow();
    }

    /** Polls the server until the job is READY; fails the test after {@code timeout}. */
    private static void awaitReady(long id, Duration timeout) {
        Poll.until(timeout, () -> serverStats(id).state() == JobStats.State.READY, () -> "job not ready: "
                + serverStats(id));
    }

    private static JobOptions ttr(long seconds) {
        return JobOptions.defaults().withTtr(Duration.ofSeconds(seconds));
    }

    @Nested
    class Connecting {
        @Test
        void capabilities_are_fencing_and_sharing_between_processes() {
            assertEquals(Set.of(Capability.FENCING, Capability.SHARED_BETWEEN_PROCESSES, Capability.PEEK,
                    Capability.DELETE_BY_ID, Capability.KICK_BY_ID, Capability.PRIORITY_ORDER,
                    Capability.RESERVED_COUNT, Capability.PAUSE), queue.capabilities());
        }

        @Test
        void provider_takes_beanstalkd_urls_only() {
            BeanstalkBackendProvider provider = new BeanstalkBackendProvider();
            assertTrue(provider.accepts("beanstalkd://localhost:11300"));
            assertTrue(provider.accepts("BEANSTALKD://localhost"));
            assertFalse(provider.accepts("jdbc:sqlite:jobs.db"));
            assertFalse(provider.accepts("beanstalk://localhost"));
        }

        @Test
        void a_malformed_url_or_option_is_bad_input() {
            assertThrows(InvalidInputException.class, () -> JobQueue.connect("beanstalkd://localhost:11300/tube"));
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> open(BeanstalkBackend.MAX_RESERVE_CONNECTIONS, "none"));
            assertTrue(e.getMessage().contains(BeanstalkBackend.MAX_RESERVE_CONNECTIONS), e.getMessage());
        }

        @Test
        void no_server_is_a_backend_failure_naming_the_address() throws Exception {
            int port;
            try (ServerSocket unused = new ServerSocket(0)) {
                port = unused.getLocalPort();
            }
            String url = "beanstalkd://127.0.0.1:" + port;
            BackendException e = assertThrows(BackendException.class, () -> JobQueue.connect(url));
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        }

        @Test
        void a_mistyped_option_is_refused_naming_the_known_ones() {
            QueueSettings settings = QueueSettings.builder().option("maxReserveConnection", "4").build();
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> JobQueue.connect(BEANSTALKD.url(), settings));
            assertTrue(e.getMessage().contains("unknown option maxReserveConnection"), e.getMessage());
            assertTrue(e.getMessage().contains("known options: " + BeanstalkBackend.JOB_HEADER + ", "
                    + BeanstalkBackend.MAX_RESERVE_CONNECTIONS), e.getMessage());
        }

        @Test
        void payload_limit_is_the_servers_max_job_size() {
            assumeTrue(BeanstalkdProcess.findBinary().isPresent(), "needs the beanstalkd binary to start a server"
                    + " with -z 1024 (" + BeanstalkdProcess.INSTALL_COMMAND + ")");
            try (BeanstalkdProcess small = BeanstalkdProcess.start("-z", "1024");
                    BeanstalkBackend backend = BeanstalkBackend.open(small.url(), QueueSettings.defaults());
                    JobQueue q = JobQueue.create(backend, QueueSettings.defaults())) {
                assertEquals(1024, backend.maxPayloadBytes());
                InvalidInputException e = assertThrows(InvalidInputException.class, () -> q.addJob(new byte[1025]));
                assertEquals("payload is 1025 bytes, over the limit of 1024 bytes"
                        + " (the beanstalkd server's max-job-size, beanstalkd -z)", e.getMessage());
                long id = q.addJob(new byte[1024]);
                assertEquals(1024, q.peek(id).orElseThrow().payload().length);

                // A lower limit of the settings' own is named as such.
                QueueSettings lower = QueueSettings.builder().maxPayloadBytes(100).build();
                JobQueue smaller = JobQueue.create(backend, lower);
                InvalidInputException own = assertThrows(InvalidInputException.class,
                        () -> smaller.addJob(new byte[101]));
                assertEquals("payload is 101 bytes, over the limit of 100 bytes (QueueSettings.maxPayloadBytes)",
                        own.getMessage());
            }
        }
    }

    @Nested
    class Seconds {
        @Test
        void delay_and_ttr_are_rounded_up_to_whole_seconds() {
            JobQueue q = fresh(queue);
            long id = q.addJob("x", JobOptions.defaults().withDelay(Duration.ofMillis(1_200))
                    .withTtr(Duration.ofMillis(1_500)));
            JobStats stats = serverStats(id);
            assertEquals(2, stats.delay());
            assertEquals(2, stats.ttr());
            assertEquals(Duration.ofSeconds(2), q.peek(id).orElseThrow().ttr());
        }

        @Test
        void release_delay_is_rounded_up_too() {
            JobQueue q = fresh(queue);
            q.addJob("x");
            Job job = q.getNextJobAndReserve(WAIT).orElseThrow();
            q.release(job, job.priority(), Duration.ofMillis(10));
            assertEquals(1, serverStats(job.id()).delay());
            assertEquals(JobState.DELAYED, q.peek(job.id()).orElseThrow().state());
        }
    }

    @Nested
    class Fencing {
        @Test
        void an_old_token_fails_when_the_same_connection_reserved_the_job_again() {
            try (JobQueue one = open(BeanstalkBackend.MAX_RESERVE_CONNECTIONS, "1")) {
                JobQueue q = fresh(one);
                q.addJob("x", ttr(1));
                Job stale = q.getNextJobAndReserve(WAIT).orElseThrow();
                // The only connection is free again once the TTR has passed, and gets the job back.
                Job current = q.getNextJobAndReserve(WAIT).orElseThrow();
                assertEquals(stale.id(), current.id());
                assertNotEquals(stale.reservation(), current.reservation());
                assertThrows(ReservationLostException.class, () -> q.delete(stale));
                assertThrows(ReservationLostException.class, () -> q.touch(stale));
                assertEquals(JobState.RESERVED, q.peek(current.id()).orElseThrow().state());
                q.delete(current);
                assertEquals(Optional.empty(), q.peek(current.id()));
            }
        }

        @Test
        void a_delete_close_to_the_deadline_still_succeeds_while_the_job_is_held() throws InterruptedException {
            JobQueue q = fresh(queue);
            long id = q.addJob("x", ttr(2));
            Job job = q.getNextJobAndReserve(WAIT).orElseThrow();
            // Time passing is the point: 1.4 s into a 2 s TTR the delete is within the margin where it touches first.
            Thread.sleep(1_400);
            q.delete(job);
            assertEquals(Optional.empty(), direct.statsJob(id));
        }

        @Test
        void a_job_held_by_another_connection_of_the_same_backend_cannot_be_finished_by_id() {
            JobQueue q = fresh(queue);
            long id = q.addJob("x");
            Job job = q.getNextJobAndReserve(WAIT).orElseThrow();
            assertThrows(ReservationLostException.class, () -> q.delete(id));
            q.delete(job);
        }
    }

    @Nested
    class ReservingConnections {
        @Test
        void a_connection_holding_jobs_is_not_used_to_reserve_and_is_reused_once_they_are_finished() {
            try (BeanstalkBackend backend = BeanstalkBackend.open(BEANSTALKD.url(), QueueSettings.defaults());
                    JobQueue own = JobQueue.create(backend, QueueSettings.defaults())) {
                // The backend is the test's own, so every reserving connection it has was opened here.
                JobQueue q = fresh(own);
                q.addJobs(List.of("a", "b", "c", "d"));
                Job a = q.getNextJobAndReserve(WAIT).orElseThrow();
                assertEquals(1, backend.reserveConnections());
                Job b = q.getNextJobAndReserve(WAIT).orElseThrow();
                assertEquals(2, backend.reserveConnections(), "the connection holding a must not reserve b");
                q.delete(a);
                Job c = q.getNextJobAndReserve(WAIT).orElseThrow();
                assertEquals(2, backend.reserveConnections(),
                        "the connection that held a is free again and reserves c");
                Job d = q.getNextJobAndReserve(WAIT).orElseThrow();
                assertEquals(3, backend.reserveConnections(), "b and c are held, so d needs a connection of its own");
                assertEquals(List.of("a", "b", "c", "d"),
                        List.of(a, b, c, d).stream().map(Job::payloadAsString).toList());
                assertEquals(3, q.deleteAll(List.of(b, c, d)),
                        "each job is still held by the connection that reserved it");
            }
        }

        @Test
        void delete_each_over_jobs_of_several_connections_tells_each_job_in_the_order_given() {
            try (BeanstalkBackend backend = BeanstalkBackend.open(BEANSTALKD.url(), QueueSettings.defaults());
                    JobQueue own = JobQueue.create(backend, QueueSettings.defaults())) {
                JobQueue q = fresh(own);
                q.addJobs(List.of("a", "b", "c", "d", "e"));
                List<Job> ab = q.reserveJobs(2, WAIT);
                Job c = q.getNextJobAndReserve(WAIT).orElseThrow();
                Job d = q.getNextJobAndReserve(WAIT).orElseThrow();
                Job e = q.getNextJobAndReserve(WAIT).orElseThrow();
                assertEquals(4, backend.reserveConnections());
                q.release(d);
                assertTrue(direct.delete(d.id()), "d is ready again, so anyone may delete it");
                q.release(e);

                List<Outcome> outcomes = q.deleteEach(List.of(c, ab.get(1), d, e, ab.get(0)));

                assertEquals(List.of(Outcome.DONE, Outcome.DONE, Outcome.NOT_FOUND, Outcome.RESERVATION_LOST,
                        Outcome.DONE), outcomes);
                assertEquals(Optional.empty(), direct.statsJob(ab.get(0).id()));
                assertEquals(JobStats.State.READY, serverStats(e.id()).state(), "e was not deleted");
                Job again = q.getNextJobAndReserve(WAIT).orElseThrow();
                assertEquals(e.id(), again.id());
                assertEquals(4, backend.reserveConnections(), "every connection was free again, none was opened");
                q.delete(again);
            }
        }

        @Test
        void the_option_bounds_them_and_a_reserve_waits_for_one_to_free_up() {
            QueueSettings settings = QueueSettings.builder().option(BeanstalkBackend.MAX_RESERVE_CONNECTIONS, "2")
                    .build();
            try (BeanstalkBackend backend = BeanstalkBackend.open(BEANSTALKD.url(), settings);
                    JobQueue two = JobQueue.create(backend, settings)) {
                JobQueue q = fresh(two);
                q.addJobs(List.of("a", "b", "c"));
                Job a = q.getNextJobAndReserve(WAIT).orElseThrow();
                q.getNextJobAndReserve(WAIT).orElseThrow();
                BackendException e = assertThrows(BackendException.class, () -> q.getNextJobAndReserve(Duration.ZERO));
                assertTrue(e.getMessage().contains(BeanstalkBackend.MAX_RESERVE_CONNECTIONS), e.getMessage());

                CompletableFuture<Optional<Job>> waiting =
                        CompletableFuture.supplyAsync(() -> q.getNextJobAndReserve(WAIT));
                Poll.until(WAIT, () -> backend.reservesWaitingForConnection() >= 1,
                        () -> "no reserve waits for a connection; the reserve: " + waiting);
                assertFalse(waiting.isDone(), "a reserve found no free connection and waits");
                q.delete(a);
                assertEquals("c", waiting.join().orElseThrow().payloadAsString());
            }
        }

        @Test
        void a_job_whose_ttr_ran_out_on_an_idle_connection_is_ready_again_promptly() {
            JobQueue q = fresh(queue);
            long id = q.addJob("x", ttr(1));
            q.getNextJobAndReserve(WAIT).orElseThrow();
            // beanstalkd 1.12 may keep the job reserved until its idle holder sends a command; the backend
            // gives it back (see ExpiredJobReleaser) within a grace and one period after the TTR.
            awaitReady(id, Duration.ofMillis(1_000 + Reservation.EXPIRY_GRACE_NANOS / 1_000_000
                    + 4 * ExpiredJobReleaser.PERIOD_MILLIS));
            JobStats stats = serverStats(id);
            assertEquals(1, stats.timeouts() + stats.releases(), stats.toString());
        }

        @Test
        void closing_releases_held_jobs_and_ends_a_waiting_reserve() {
            JobQueue other = JobQueue.connect(BEANSTALKD.url());
            JobQueue q = fresh(other);
            long id = q.addJob("x");
            q.getNextJobAndReserve(WAIT).orElseThrow();
            String idle = "backend-idle-" + System.nanoTime();
            CompletableFuture<List<Job>> waiting = CompletableFuture.supplyAsync(
                    () -> other.watchPipeline(idle).reserveJobs(1, Duration.ofSeconds(30)));
            BEANSTALKD.awaitWaiting(idle, 1);
            other.close();
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                Throwable failure = assertThrows(Exception.class, waiting::join).getCause();
                assertTrue(failure instanceof BackendException, String.valueOf(failure));
            });
            awaitReady(id, WAIT);
        }
    }

    @Nested
    class Reading {
        @Test
        void a_bury_reason_is_not_stored() {
            JobQueue q = fresh(queue);
            q.addJob("x");
            Job job = q.getNextJobAndReserve(WAIT).orElseThrow();
            q.bury(job, job.priority(), "IllegalStateException: mailbox full");
            Job buried = q.getNextBuriedJob().orElseThrow();
            assertEquals(JobState.BURIED, buried.state());
            assertEquals(Optional.empty(), buried.error());
        }

        @Test
        void counting_and_listing_never_create_tubes_and_list_only_tubes_with_jobs() {
            String unused = "backend-unused-" + System.nanoTime();
            assertEquals(new PipelineStats(unused, 0, 0, 0, 0), queue.stats(unused));
            assertFalse(direct.listTubes().contains(unused));

            String watchedOnly = "backend-watched-" + System.nanoTime();
            assertEquals(List.of(), queue.watchPipeline(watchedOnly).reserveJobs(1, Duration.ZERO));
            assertTrue(direct.listTubes().contains(watchedOnly), "a reserving connection watches it");
            assertFalse(queue.listPipelines().contains(watchedOnly));
        }

        @Test
        void created_at_and_reserves_come_from_the_server() {
            JobQueue q = fresh(queue);
            long id = q.addJob("x");
            Job job = q.getNextJobAndReserve(WAIT).orElseThrow();
            assertEquals(1, job.reserves());
            assertTrue(Duration.between(job.createdAt(), Instant.now()).abs().toSeconds() <= 2,
                    job.createdAt().toString());
            q.release(job);
            assertEquals(2, q.getNextJobAndReserve(WAIT).orElseThrow().reserves());
            assertEquals(2, serverStats(id).reserves());
        }
    }
}
