package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A reserve waiting in one queue instance wakes when another connection or instance (standing in for another
 * process) sends a NOTIFY on the table's channel, long before its next poll, and nothing else wakes it. The table
 * is this test's own, so no other test's inserts notify its channel.
 */
class PostgresNotifyTest {
    private static final String TABLE = "jobqueue_notify_test";
    private static final QueueSettings SLOW_POLLING = QueueSettings.builder().pollInterval(Duration.ofSeconds(30))
            .option(JdbcBackend.TABLE, TABLE).build();

    @Test
    void a_waiting_reserve_wakes_on_a_notify_from_elsewhere_and_not_without_one() throws Exception {
        String url = TestDatabases.postgresUrl();
        String pipeline = "notify-" + System.nanoTime();
        // The producer names the database differently, so only a notification can carry its add to the worker
        // (within one process, backends on one URL and table share a wake-up signal).
        String producerUrl = url + (url.contains("?") ? "&" : "?") + "ApplicationName=jobqueue-notify-producer";
        try (JdbcBackend backend = JdbcBackend.open(url, SLOW_POLLING);
                JobQueue producer = JobQueue.connect(producerUrl, SLOW_POLLING);
                Connection other = DriverManager.getConnection(url)) {
            JobQueue worker = JobQueue.create(backend, SLOW_POLLING).watchPipeline(pipeline);
            // The first reserve starts the listener, which wakes waiting reserves once when it is up (jobs may
            // have come while no one listened): let that happen before anything waits.
            assertEquals(Optional.empty(), worker.getNextJobAndReserve(Duration.ZERO));
            assertTrue(backend.listener().awaitListening(Duration.ofSeconds(10)), "the listener never listened");

            // Without a notification nothing wakes the reserve: a job inserted behind the queue's back waits for
            // the next poll, 30 s away.
            CompletableFuture<Optional<Job>> waiting = reserveInBackground(worker, backend);
            long id = insertWithoutNotify(other, pipeline);
            assertThrows(TimeoutException.class, () -> waiting.get(1_500, TimeUnit.MILLISECONDS),
                    "the reserve woke with no notification");

            // A NOTIFY from another connection wakes it at once.
            long start = System.nanoTime();
            try (Statement s = other.createStatement()) {
                s.execute("NOTIFY " + PostgresDialect.channel(Table.of(TABLE, new PostgresDialect())));
            }
            Job job = waiting.get(5, TimeUnit.SECONDS).orElseThrow();
            assertEquals(id, job.id());
            assertWokeSoon(start);
            worker.delete(job);

            // An add through another queue instance notifies in its insert.
            CompletableFuture<Optional<Job>> again = reserveInBackground(worker, backend);
            start = System.nanoTime();
            long added = producer.selectPipeline(pipeline).addJob("wake up");
            assertEquals(added, again.get(5, TimeUnit.SECONDS).orElseThrow().id());
            assertWokeSoon(start);
        }
    }

    /** A reserve that waits up to 20 s, returned once it waits for a wake-up. */
    private static CompletableFuture<Optional<Job>> reserveInBackground(JobQueue worker, JdbcBackend backend)
            throws InterruptedException {
        CompletableFuture<Optional<Job>> reserve =
                CompletableFuture.supplyAsync(() -> worker.getNextJobAndReserve(Duration.ofSeconds(20)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (backend.signal().waiting() == 0) {
            assertTrue(System.nanoTime() < deadline && !reserve.isDone(), "the reserve never waited");
            Thread.sleep(5);
        }
        return reserve;
    }

    private static long insertWithoutNotify(Connection c, String pipeline) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                + " (pipeline, priority, state, run_at, ttr_ms, reserves, created_at, payload)"
                + " VALUES (?, 1024, 0, 0, 60000, 0, 0, ?) RETURNING id")) {
            ps.setString(1, pipeline);
            ps.setBytes(2, "behind the queue's back".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void assertWokeSoon(long startNanos) {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        assertTrue(millis < 5_000, "woke after " + millis + " ms; the next poll was 30 s away");
    }
}
