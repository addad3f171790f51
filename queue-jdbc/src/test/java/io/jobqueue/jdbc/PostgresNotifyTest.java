package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A reserve waiting in one queue instance wakes when another instance (standing in for another process)
 * adds a job, long before its next poll: PostgreSQL LISTEN/NOTIFY.
 */
class PostgresNotifyTest {

    @Test
    void a_waiting_reserve_wakes_on_a_job_added_elsewhere_before_its_next_poll() throws Exception {
        QueueSettings slowPolling = QueueSettings.builder().pollInterval(Duration.ofSeconds(30)).build();
        String pipeline = "notify-" + System.nanoTime();
        try (JobQueue producer = JobQueue.connect(TestDatabases.postgresUrl(), slowPolling);
                JobQueue consumer = JobQueue.connect(TestDatabases.postgresUrl(), slowPolling)) {
            JobQueue worker = consumer.watchPipeline(pipeline);
            Thread.sleep(500); // the listener is up
            CompletableFuture<Optional<Job>> waiting =
                    CompletableFuture.supplyAsync(() -> worker.getNextJobAndReserve(Duration.ofSeconds(20)));
            Thread.sleep(300); // the reserve found nothing and waits for its next poll, 30 s away
            long start = System.nanoTime();
            long id = producer.selectPipeline(pipeline).addJob("wake up");
            Job job = waiting.get().orElseThrow();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(id, job.id());
            assertTrue(millis < 5_000, "woke after " + millis + " ms; the next poll was 30 s away");
        }
    }
}
