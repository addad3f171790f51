package io.jobqueue.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.tck.Await;
import io.jobqueue.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EmailHandlerTest {

    @Test
    void writes_one_eml_file_per_job_into_the_outbox() throws Exception {
        Path outbox = TestFiles.freshDir("email").resolve("outbox");
        EmailHandler handler = new EmailHandler(outbox, 0, () -> 0.5);

        handler.handle(job(42, "{\"to\":\"ann@example.com\",\"subject\":\"Hi\",\"body\":\"Line 1\\nLine 2\"}"));

        String eml = Files.readString(outbox.resolve("job-42.eml"), StandardCharsets.UTF_8);
        assertTrue(eml.contains("To: ann@example.com\r\n"), eml);
        assertTrue(eml.contains("Subject: Hi\r\n"), eml);
        assertTrue(eml.endsWith("\r\n\r\nLine 1\r\nLine 2\r\n"), eml);
        assertEquals(1, handler.sentCount());
    }

    @Test
    void a_bad_address_throws_and_writes_nothing() throws Exception {
        Path outbox = TestFiles.freshDir("email-bad").resolve("outbox");
        EmailHandler handler = new EmailHandler(outbox, 0, () -> 0.5);

        for (String to : new String[] {"not-an-address", "a@b", "two@@example.com", "x@example.com\r\nBcc: y@z.com"}) {
            String payload = "{\"to\":" + quote(to) + ",\"subject\":\"s\",\"body\":\"b\"}";
            assertThrows(EmailHandler.InvalidEmailException.class, () -> handler.handle(job(7, payload)), to);
        }
        assertThrows(EmailHandler.InvalidEmailException.class, () -> handler.handle(job(8, "not json")));
        try (var files = Files.list(outbox)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void a_simulated_transient_failure_throws_before_writing() throws Exception {
        Path outbox = TestFiles.freshDir("email-transient").resolve("outbox");
        EmailHandler handler = new EmailHandler(outbox, 0.3, () -> 0.1);

        assertThrows(EmailHandler.TransientSendException.class,
                () -> handler.handle(job(9, "{\"to\":\"ann@example.com\",\"subject\":\"s\",\"body\":\"b\"}")));
        assertFalse(Files.exists(outbox.resolve("job-9.eml")));
    }

    @Test
    void failures_limited_to_the_first_attempt_let_the_retry_send() throws Exception {
        Path outbox = TestFiles.freshDir("email-first-attempt").resolve("outbox");
        EmailHandler handler = new EmailHandler(outbox, 1.0, () -> 0.0, true);
        String payload = "{\"to\":\"ann@example.com\",\"subject\":\"s\",\"body\":\"b\"}";
        assertThrows(EmailHandler.TransientSendException.class, () -> handler.handle(job(10, payload)));
        Job retry = new Job(10, "emails", payload.getBytes(StandardCharsets.UTF_8), 1024, Duration.ofSeconds(60),
                JobState.RESERVED, 2, Instant.now(), 1, null); // reserved for the second time
        handler.handle(retry);
        assertTrue(Files.exists(outbox.resolve("job-10.eml")));
    }

    @Test
    void under_the_runtime_a_bad_address_is_retried_then_buried_with_its_reason() throws Exception {
        Path dir = TestFiles.freshDir("email-runtime");
        EmailHandler handler = new EmailHandler(dir.resolve("outbox"), 0, () -> 0.5);
        try (JobQueue queue = JobQueue.connect(TestFiles.sqliteUrl(dir))) {
            long good = queue.selectPipeline("emails").addJob(new EmailMessage("bo@example.com", "s", "b"));
            long bad = queue.selectPipeline("emails").addJob(new EmailMessage("nobody", "s", "b"));
            try (Worker worker = Worker.builder(queue).registerWorker("emails", handler).concurrency(2)
                    .maxAttempts(2).backoff(Duration.ofMillis(50), Duration.ofMillis(100))
                    .reserveTimeout(Duration.ofMillis(100)).build()) {
                worker.start();
                Await.until("the bad email is buried and the good one deleted",
                        () -> queue.stats("emails").buried() == 1 && queue.peek(good).isEmpty());
                worker.shutdown();
                assertTrue(worker.awaitTermination(Duration.ofSeconds(10)));
            }
            Job buried = queue.peek(bad).orElseThrow();
            assertEquals(JobState.BURIED, buried.state());
            assertEquals(2, buried.reserves());
            assertTrue(buried.error().orElse("").contains("invalid recipient"), buried.error()::toString);
            assertFalse(queue.peek(good).isPresent(), "the good email was sent and deleted");
            assertTrue(Files.exists(dir.resolve("outbox").resolve("job-" + good + ".eml")));
        }
    }

    static Job job(long id, String payload) {
        return new Job(id, "emails", payload.getBytes(StandardCharsets.UTF_8), 1024, Duration.ofSeconds(60),
                JobState.RESERVED, 1, Instant.now(), 1, null);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\"", "\\\"") + "\"";
    }
}
