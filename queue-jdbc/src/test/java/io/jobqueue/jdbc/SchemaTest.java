package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.BackendException;
import io.jobqueue.InvalidInputException;
import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaTest {

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void many_workers_starting_at_once_create_the_schema_once(String database) throws Exception {
        String url = url(database);
        String table = "jobqueue_race_" + Long.toHexString(System.nanoTime());
        QueueSettings settings = QueueSettings.builder().option(JdbcBackend.TABLE, table)
                .option(DataSources.POOL_SIZE, "2").build();
        int workers = 6;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<String>> started = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                started.add(pool.submit(() -> {
                    go.await();
                    try (JdbcBackend backend = JdbcBackend.open(url, settings)) {
                        return backend.dialectName();
                    }
                }));
            }
            go.countDown();
            for (Future<String> f : started) {
                assertEquals(database, f.get(2, TimeUnit.MINUTES));
            }
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(version) FROM " + table + "_schema")) {
                    rs.next();
                    assertEquals(Dialect.SCHEMA_VERSION, rs.getInt(1), "schema versions recorded, once each");
                    assertEquals(Dialect.SCHEMA_VERSION, rs.getInt(2));
                }
                s.execute("DROP TABLE " + table);
                s.execute("DROP TABLE " + table + "_schema");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_version_1_table_is_upgraded_in_place_and_keeps_its_jobs() throws Exception {
        String url = TestDatabases.sqliteFileUrl("upgrade");
        Table table = new Table("jobs");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String statement : new SqliteDialect().migration(1, table)) {
                s.execute(statement);
            }
            s.execute("CREATE TABLE jobs_schema (version INTEGER NOT NULL)");
            s.execute("INSERT INTO jobs_schema (version) VALUES (1)");
            s.execute("INSERT INTO jobs (pipeline, priority, state, run_at, ttr_ms, reserves, created_at, payload)"
                    + " VALUES ('old', 5, 0, 0, 60000, 0, 0, X'6869')");
        }
        QueueSettings settings = QueueSettings.builder().option(JdbcBackend.TABLE, "jobs").build();
        try (JobQueue queue = JobQueue.create(JdbcBackend.open(url, settings), settings)) {
            JobQueue old = queue.watchPipeline("old");
            Job job = old.getNextJobAndReserve(Duration.ZERO).orElseThrow();
            assertEquals("hi", job.payloadAsString());
            old.delete(job);
            assertEquals(0, old.stats("old").total());
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(version) FROM jobs_schema")) {
            rs.next();
            assertEquals(Dialect.SCHEMA_VERSION, rs.getInt(1));
        }
    }

    @Test
    void a_schema_newer_than_the_library_is_refused() throws Exception {
        String url = TestDatabases.sqliteFileUrl("newer");
        QueueSettings settings = QueueSettings.builder().option(JdbcBackend.TABLE, "jobs").build();
        JdbcBackend.open(url, settings).close();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO jobs_schema (version) VALUES (99)");
        }
        BackendException e = assertThrows(BackendException.class, () -> JdbcBackend.open(url, settings));
        assertTrue(e.getMessage().contains("99"), e.getMessage());
    }

    @Test
    void an_illegal_table_name_is_refused_before_any_sql() {
        QueueSettings settings = QueueSettings.builder().option(JdbcBackend.TABLE, "jobs; DROP TABLE x").build();
        assertThrows(InvalidInputException.class, () -> JdbcBackend.open(TestDatabases.sqliteFileUrl("bad"), settings));
    }

    @Test
    void the_dialect_can_be_named_instead_of_detected() {
        QueueSettings settings = QueueSettings.builder().option(JdbcBackend.DIALECT, "oracle").build();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> JdbcBackend.open(TestDatabases.sqliteFileUrl("dialect"), settings));
        assertTrue(e.getMessage().contains("oracle"), e.getMessage());
    }

    private static String url(String database) {
        return switch (database) {
            case "sqlite" -> TestDatabases.sqliteFileUrl("race");
            case "postgresql" -> TestDatabases.postgresUrl();
            default -> TestDatabases.mysqlUrl();
        };
    }
}
