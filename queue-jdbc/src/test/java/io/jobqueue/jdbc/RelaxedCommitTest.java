package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reserves and acknowledgements commit without waiting for the disk, but the connection they ran on goes back to
 * the pool as durable as it came: the next add on it must still wait for the disk.
 */
class RelaxedCommitTest {
    private static final String TABLE = "jobqueue_relaxed_test";

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void a_connection_used_to_reserve_and_acknowledge_still_commits_adds_durably(String database) throws Exception {
        HikariConfig config = new HikariConfig();
        // Every call below runs on one connection; on PostgreSQL a second one is held by the listener.
        config.setMaximumPoolSize(database.equals("sqlite") ? 1 : 2);
        if (database.equals("sqlite")) {
            config.setJdbcUrl(TestDatabases.sqliteFileUrl("relaxed"));
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("busy_timeout", DataSources.SQLITE_BUSY_TIMEOUT);
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        } else {
            config.setJdbcUrl(TestDatabases.postgresUrl());
        }
        QueueSettings settings = QueueSettings.builder().option(JdbcBackend.TABLE, TABLE).build();
        try (HikariDataSource pool = new HikariDataSource(config);
                JdbcBackend backend = JdbcBackend.create(pool, settings)) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM " + TABLE);
            }
            String before = durability(pool, database);
            JobQueue queue = JobQueue.create(backend, settings).selectPipeline("relaxed");
            queue.addJobs(List.of("a", "b", "c"));
            List<Job> jobs = queue.watchPipeline("relaxed").reserveJobs(3, Duration.ofSeconds(5));
            assertEquals(3, jobs.size());
            assertEquals(3, queue.deleteAll(jobs));
            assertEquals(before, durability(pool, database));
            assertEquals(database.equals("sqlite") ? "2" : "on", before); // FULL, the default
        }
    }

    private static String durability(HikariDataSource pool, String database) throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(database.equals("sqlite") ? "PRAGMA synchronous"
                        : "SHOW synchronous_commit")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
