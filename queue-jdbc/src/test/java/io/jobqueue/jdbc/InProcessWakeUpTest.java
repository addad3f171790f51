package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.QueueTables;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A job added through one {@code JobQueue} wakes a reserve waiting in another of the same process on the same
 * database and table at once, on the databases that cannot notify across processes: with a 60 s poll interval,
 * only the in-process wake-up can deliver it within the 10 s the test allows.
 */
class InProcessWakeUpTest {

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "mariadb"})
    void an_add_through_another_queue_of_this_process_wakes_a_waiting_reserve(String database) throws Exception {
        String url = database.equals("sqlite") ? TestDatabases.sqliteFileUrl("wake") : TestDatabases.mysqlUrl();
        String table = "jq_wake_" + Long.toHexString(System.nanoTime());
        QueueSettings slowPolling = QueueSettings.builder().pollInterval(Duration.ofSeconds(60))
                .option(JdbcBackend.TABLE, table).build();
        try (JobQueue worker = JobQueue.connect(url, slowPolling); JobQueue producer = JobQueue.connect(url, slowPolling)) {
            JobQueue w = worker.watchPipeline("wake");
            assertEquals(Optional.empty(), w.getNextJobAndReserve(Duration.ZERO));
            CompletableFuture<Optional<Job>> waiting =
                    CompletableFuture.supplyAsync(() -> w.getNextJobAndReserve(Duration.ofSeconds(50)));
            long id = producer.selectPipeline("wake").addJob("wake up");
            Job job = waiting.get(10, TimeUnit.SECONDS).orElseThrow();
            assertEquals(id, job.id());
            assertTrue(job.isReserved());
        } finally {
            if (!database.equals("sqlite")) {
                try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                    QueueTables.dropIfExist(s, table);
                }
            }
        }
    }
}
