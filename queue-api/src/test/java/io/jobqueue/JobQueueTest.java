package io.jobqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.RecordingBackendProvider.RecordingBackend;
import io.jobqueue.spi.AddRequest;
import io.jobqueue.spi.ReserveRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobQueueTest {

    @Test
    void connect_picks_a_backend_registered_only_through_meta_inf_services() {
        try (JobQueue queue = JobQueue.connect("recording:anything")) {
            RecordingBackend backend = RecordingBackendProvider.opened("recording:anything");
            assertEquals("recording:anything", backend.url);
            queue.addJob("x");
            assertEquals(1, backend.requests.size(), "the queue calls the backend the provider opened");
        }
    }

    @Test
    void connect_names_the_known_backends_when_none_accepts_the_url() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> JobQueue.connect("nosuch://host?password=secret"));
        assertTrue(e.getMessage().contains("recording"), e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), "password must not leak: " + e.getMessage());
    }

    @Test
    void views_share_one_backend_and_keep_their_own_selection() {
        try (JobQueue queue = JobQueue.connect("recording:views")) {
            JobQueue emails = queue.selectPipeline("emails");
            JobQueue worker = queue.watchPipeline("a").watchPipeline("b").watchPipeline("a");
            assertEquals("default", queue.selectedPipeline());
            assertEquals(List.of("default"), queue.watchedPipelines());
            assertEquals(List.of("emails"), emails.watchedPipelines(), "a view watching nothing reserves from its selection");
            assertEquals(List.of("a", "b"), worker.watchedPipelines());

            emails.addJob("hi");
            worker.getNextJobAndReserve(Duration.ZERO);
            RecordingBackend backend = RecordingBackendProvider.opened("recording:views");
            assertEquals(2, backend.requests.size(), "both views reached the one backend");
            assertEquals("emails", ((AddRequest) backend.requests.get(0)).pipeline());
            assertEquals(List.of("a", "b"), ((ReserveRequest) backend.requests.get(1)).pipelines());
        }
    }

    @Test
    void the_backends_own_payload_limit_applies_when_lower() {
        try (JobQueue queue = JobQueue.connect("recording:limit")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> queue.addJob(new byte[17]));
            assertTrue(e.getMessage().contains("16"), e.getMessage());
            assertEquals(0, RecordingBackendProvider.opened("recording:limit").requests.size(),
                    "nothing reached the backend");
        }
    }

    @Test
    void outcomes_become_specific_exceptions() {
        try (JobQueue queue = JobQueue.connect("recording:x")) {
            Job job = new Job(5, "default", new byte[0], 1, Duration.ofSeconds(1), JobState.RESERVED, 1, Instant.now(), 1,
                    null);
            assertEquals(5, assertThrows(NoSuchJobException.class, () -> queue.delete(job)).jobId());
            assertEquals(5, assertThrows(ReservationLostException.class, () -> queue.release(job)).jobId());
        }
    }

    @Test
    void a_backend_without_transactional_add_refuses_a_bulk_add_in_the_callers_transaction() {
        try (JobQueue queue = JobQueue.connect("recording:tx")) {
            java.sql.Connection none = (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {java.sql.Connection.class}, (p, m, a) -> null);
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> queue.addJobs(none, List.of("a", "b"), JobOptions.defaults()));
            assertTrue(e.getMessage().contains("transaction"), e.getMessage());
            assertEquals(0, RecordingBackendProvider.opened("recording:tx").requests.size(),
                    "nothing reached the backend");
        }
    }

    @Test
    void job_options_default_to_priority_1024_and_a_60_second_ttr() {
        JobOptions o = JobOptions.defaults();
        assertEquals(1024, o.priority());
        assertEquals(Duration.ofSeconds(60), o.ttr());
        assertEquals(Duration.ZERO, o.delay());
        assertEquals(7, o.withPriority(7).priority());
    }
}
