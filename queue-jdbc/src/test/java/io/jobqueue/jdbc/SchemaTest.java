package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.BackendException;
import io.jobqueue.InvalidInputException;
import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.QueueTables;
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
                .option(JdbcBackend.POOL_SIZE, "2").build();
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
                    assertEquals(1, rs.getInt(1), "a fresh table records its version once");
                    assertEquals(Dialect.SCHEMA_VERSION, rs.getInt(2));
                }
                s.execute("DROP TABLE " + table);
                s.execute("DROP TABLE " + table + "_schema");
                s.execute("DROP TABLE " + table + "_pipelines");
                s.execute("DROP TABLE " + table + "_workers");
                s.execute("DROP TABLE " + table + "_schedules");
                s.execute("DROP TABLE " + table + "_keys");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_version_1_table_is_upgraded_in_place_and_keeps_its_jobs() throws Exception {
        String url = TestDatabases.sqliteFileUrl("upgrade");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            VersionOneTables.create(c, "sqlite", "jobs");
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

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void a_fresh_table_has_the_columns_and_indexes_of_a_version_1_table_upgraded(String database) throws Exception {
        String url = url(database);
        String suffix = Long.toHexString(System.nanoTime());
        String fresh = "jobqueue_fresh_" + suffix;
        String upgraded = "jobqueue_upgraded_" + suffix;
        try (Connection c = DriverManager.getConnection(url)) {
            VersionOneTables.create(c, database, upgraded);
            JdbcBackend.open(url, tableOption(upgraded)).close();
            JdbcBackend.open(url, tableOption(fresh)).close();
            assertEquals(Dialect.SCHEMA_VERSION, schemaVersion(c, upgraded));
            TableShape expected = TableShape.of(c, database, fresh);
            assertEquals(14, expected.columns().size(), expected.toString());
            assertEquals(expected, TableShape.of(c, database, upgraded));
            TableShape pipelines = TableShape.of(c, database, fresh + "_pipelines", fresh);
            assertEquals(6, pipelines.columns().size(), pipelines.toString());
            assertEquals(pipelines, TableShape.of(c, database, upgraded + "_pipelines", upgraded));
            TableShape workers = TableShape.of(c, database, fresh + "_workers", fresh);
            assertEquals(11, workers.columns().size(), workers.toString());
            assertEquals(workers, TableShape.of(c, database, upgraded + "_workers", upgraded));
            TableShape schedules = TableShape.of(c, database, fresh + "_schedules", fresh);
            assertEquals(10, schedules.columns().size(), schedules.toString());
            assertEquals(schedules, TableShape.of(c, database, upgraded + "_schedules", upgraded));
            TableShape keys = TableShape.of(c, database, fresh + "_keys", fresh);
            assertEquals(4, keys.columns().size(), keys.toString());
            assertEquals(keys, TableShape.of(c, database, upgraded + "_keys", upgraded));
        } finally {
            drop(url, fresh, upgraded);
        }
    }

    /** On MySQL and MariaDB DDL commits at once: a crash after a step's DDL leaves its version unrecorded. */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void an_upgrade_step_cut_short_after_its_ddl_runs_again(String database) throws Exception {
        String url = url(database);
        String suffix = Long.toHexString(System.nanoTime());
        String fresh = "jobqueue_fresh_" + suffix;
        String halfDone = "jobqueue_half_" + suffix;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            VersionOneTables.create(c, database, halfDone);
            s.execute("ALTER TABLE " + halfDone + " ADD COLUMN token BIGINT NOT NULL DEFAULT 0");
            JdbcBackend.open(url, tableOption(halfDone)).close();
            JdbcBackend.open(url, tableOption(fresh)).close();
            assertEquals(Dialect.SCHEMA_VERSION, schemaVersion(c, halfDone));
            if (!database.equals("sqlite")) { // SQLite keeps the declared type (BIGINT here), which it treats as INTEGER
                assertEquals(TableShape.of(c, database, fresh), TableShape.of(c, database, halfDone));
            }
        } finally {
            drop(url, fresh, halfDone);
        }
    }

    /**
     * Schema version 4 cut short after its first column: the step adds the rest and records its version, and
     * versions 5 and 6 add the workers and schedules tables.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void the_unique_key_step_cut_short_runs_again(String database) throws Exception {
        String url = url(database);
        String suffix = Long.toHexString(System.nanoTime());
        String fresh = "jobqueue_fresh_" + suffix;
        String halfDone = "jobqueue_half_" + suffix;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            JdbcBackend.open(url, tableOption(fresh)).close();
            JdbcBackend.open(url, tableOption(halfDone)).close();
            Dialect dialect = Dialects.byName(database);
            Table half = Table.of(halfDone, dialect);
            s.execute("DROP TABLE " + half.pipelinesSql());
            s.execute(database.equals("mariadb") ? "ALTER TABLE " + half.sql() + " DROP INDEX " + half.uniqueIndexSql()
                    : "DROP INDEX " + half.uniqueIndexSql());
            s.execute("ALTER TABLE " + half.sql() + " DROP COLUMN unique_scope");
            s.execute("DROP TABLE " + half.schedulesSql());
            s.execute("DELETE FROM " + half.schemaSql() + " WHERE version >= 4");
            s.execute("INSERT INTO " + half.schemaSql() + " (version) VALUES (3)");
            JdbcBackend.open(url, tableOption(halfDone)).close();
            assertEquals(Dialect.SCHEMA_VERSION, schemaVersion(c, halfDone));
            assertEquals(TableShape.of(c, database, fresh), TableShape.of(c, database, halfDone));
            assertEquals(TableShape.of(c, database, fresh + "_pipelines", fresh),
                    TableShape.of(c, database, halfDone + "_pipelines", halfDone));
        } finally {
            drop(url, fresh, halfDone);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void a_table_named_by_a_reserved_word_is_quoted(String database) throws Exception {
        String url = url(database);
        String quote = database.equals("mariadb") ? "`" : "\"";
        drop(url, quote + "order" + quote, quote + "order_schema" + quote, quote + "order_pipelines" + quote,
                quote + "order_workers" + quote, quote + "order_schedules" + quote,
                quote + "order_keys" + quote);
        try (JdbcBackend backend = JdbcBackend.open(url, tableOption("order"))) {
            JobQueue queue = JobQueue.create(backend, tableOption("order")).watchPipeline("default");
            long id = queue.addJob("in a table named order");
            assertEquals(id, queue.getNextJobAndReserve(Duration.ZERO).orElseThrow().id());
        } finally {
            drop(url, quote + "order" + quote, quote + "order_schema" + quote, quote + "order_pipelines" + quote,
                quote + "order_workers" + quote, quote + "order_schedules" + quote,
                quote + "order_keys" + quote);
        }
    }

    @Test
    void a_table_name_too_long_for_the_schema_lock_is_refused_with_the_reason() {
        QueueSettings settings = tableOption("t".repeat(Table.MAX_NAME_LENGTH + 1));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> JdbcBackend.open(TestDatabases.sqliteFileUrl("long"), settings));
        assertTrue(e.getMessage().contains("lock names stop at 64 characters"), e.getMessage());
    }

    private static QueueSettings tableOption(String table) {
        return QueueSettings.builder().option(JdbcBackend.TABLE, table).build();
    }

    private static int schemaVersion(Connection c, String table) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + table + "_schema")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Drops each table (and its schema table, for plain names) if it exists. */
    private static void drop(String url, String... tables) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String table : tables) {
                s.execute("DROP TABLE IF EXISTS " + table);
                if (!table.contains("\"") && !table.contains("`")) {
                    QueueTables.dropIfExist(s, table);
                }
            }
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

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void a_table_jobqueue_did_not_create_is_refused_and_left_as_it_was(String database) throws Exception {
        String url = url(database);
        String table = "jq_foreign_" + Long.toHexString(System.nanoTime());
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, customer VARCHAR(40))");
            s.execute("INSERT INTO " + table + " (id, customer) VALUES (1, 'ann')");
            try {
                QueueSettings settings = QueueSettings.builder().option(JdbcBackend.TABLE, table).build();
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> JdbcBackend.open(url, settings).close());
                assertTrue(e.getMessage().contains("table " + table + " exists but was not created by jobqueue"),
                        e.getMessage());
                assertTrue(e.getMessage().contains("[customer]"), e.getMessage());
                assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    assertEquals(2, rs.getMetaData().getColumnCount(), "no column was added");
                    assertTrue(rs.next());
                    assertEquals("ann", rs.getString("customer"));
                }
            } finally {
                s.execute("DROP TABLE " + table);
            }
        }
    }

    private static String url(String database) {
        return TestDatabases.url(database, "race");
    }
}
