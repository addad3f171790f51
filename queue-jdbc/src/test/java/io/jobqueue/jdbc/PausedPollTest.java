package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.QueueTables;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A poll's plain read ({@link Dialect#anyReady}) does not count a paused pipeline's ready job, on every database:
 * else each poll of a worker watching a paused pipeline would go on to a reserve transaction that finds nothing.
 */
class PausedPollTest {

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void a_paused_pipelines_ready_job_does_not_make_a_poll_reserve(String database) throws Exception {
        String url = TestDatabases.url(database, "paused-poll");
        String name = "jq_paused_poll_" + Long.toHexString(System.nanoTime());
        QueueSettings settings = QueueSettings.builder().option(JdbcBackend.TABLE, name).build();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(1);
        try (JobQueue queue = JobQueue.connect(url, settings); HikariDataSource pool = new HikariDataSource(config)) {
            queue.selectPipeline("paused").addJob("waits");
            Dialect dialect = Dialects.choose(pool, null);
            Table table = Table.of(name, dialect);
            List<String> watched = List.of("paused", "other");
            try (Connection c = pool.getConnection()) {
                long later = System.currentTimeMillis() + 60_000;
                assertTrue(dialect.anyReady(c, table, watched, later), "the job is ready before the pause");
                queue.pause("paused");
                assertFalse(dialect.anyReady(c, table, watched, later), "a paused pipeline's job is not ready");
                queue.resume("paused");
                assertTrue(dialect.anyReady(c, table, watched, later), "ready again after the resume");
            }
        } finally {
            if (!database.equals("sqlite")) {
                try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                    QueueTables.dropIfExist(s, name);
                }
            }
        }
    }
}
