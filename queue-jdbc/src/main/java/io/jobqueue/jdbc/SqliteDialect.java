package io.jobqueue.jdbc;

import io.jobqueue.Job;
import io.jobqueue.internal.SqliteRelaxedCommit;
import io.jobqueue.internal.SqliteWriteLock;
import io.jobqueue.spi.NewJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * SQLite: one writer at a time, so there is no {@code SKIP LOCKED} to ask for. A reserve is one
 * {@code UPDATE … RETURNING}, which takes the write lock before it reads, so two reserves never pick the
 * same row; writers queue on the busy timeout. Inserts and acknowledgements use the shared {@code RETURNING}
 * forms of {@link Dialect}.
 */
final class SqliteDialect extends Dialect {
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    @Override
    String name() {
        return "sqlite";
    }

    @Override
    String quote(String identifier) {
        return '"' + identifier + '"';
    }

    @Override
    List<String> createTable(Table t) {
        // INTEGER for every whole number: SQLite stores them in up to 8 bytes whatever the declared type.
        return List.of("""
                CREATE TABLE IF NOT EXISTS %s (
                  id INTEGER PRIMARY KEY AUTOINCREMENT, -- AUTOINCREMENT: ids are never reused
                  pipeline TEXT NOT NULL,
                  priority INTEGER NOT NULL,
                  state INTEGER NOT NULL,
                  run_at INTEGER NOT NULL,
                  ttr_ms INTEGER NOT NULL,
                  reserves INTEGER NOT NULL DEFAULT 0,
                  created_at INTEGER NOT NULL,
                  buried_at INTEGER,
                  last_error TEXT,
                  payload BLOB NOT NULL,
                  token INTEGER NOT NULL DEFAULT 0,
                  %s)""".formatted(t.sql(), String.join(",\n  ", uniqueColumns())),
                PartialIndexes.ready(t), PartialIndexes.buried(t), createUniqueIndex(t), createPipelinesTable(t),
                createWorkersTable(t),
                createSchedulesTable(t));
    }

    @Override
    String pipelineType() {
        return "TEXT";
    }

    /** TEXT compares byte for byte under SQLite's default BINARY collation. */
    @Override
    String uniqueKeyType() {
        return "TEXT";
    }

    @Override
    String createPipelinesTable(Table t) {
        return "CREATE TABLE IF NOT EXISTS %s (pipeline TEXT NOT NULL PRIMARY KEY, paused_at INTEGER, %s)"
                .formatted(t.pipelinesSql(), String.join(", ", LIMIT_COLUMNS));
    }

    @Override
    String createSchedulesTable(Table t) {
        return """
                CREATE TABLE IF NOT EXISTS %s (
                  name TEXT NOT NULL PRIMARY KEY,
                  cron TEXT,
                  interval_ms INTEGER,
                  zone TEXT NOT NULL,
                  pipeline TEXT NOT NULL,
                  payload BLOB NOT NULL,
                  priority INTEGER NOT NULL,
                  ttr_ms INTEGER NOT NULL,
                  next_run_at INTEGER NOT NULL,
                  created_at INTEGER NOT NULL)""".formatted(t.schedulesSql());
    }

    /** The transaction already holds SQLite's single write lock (it begins IMMEDIATE). */
    @Override
    String forUpdate() {
        return "";
    }

    /** One upsert; the single writer makes it atomic. */
    @Override
    long insertKeyed(Connection c, Table t, String pipeline, NewJob job, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(upsertReturningId(t))) {
            bindKeyedRow(ps, 1, pipeline, job, now);
            return Rows.readIds(ps).get(0);
        }
    }

    @Override
    Set<String> columnsOf(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
            ps.setString(1, table);
            return Dialect.names(ps);
        }
    }

    @Override
    String addTokenColumn(Table t) {
        return "ALTER TABLE " + t.sql() + " ADD COLUMN token INTEGER NOT NULL DEFAULT 0";
    }

    @Override
    List<String> readyIndexOfLiveRows(Table t) {
        return PartialIndexes.readyOfLiveRowsOnly(t);
    }

    @Override
    void lockSchema(Connection c, Table table) {
        // The migration transaction begins IMMEDIATE (the connection's transaction mode): it holds the write lock.
    }

    @Override
    List<Job> reserve(Connection c, Table t, List<String> pipelines, int max, long now, long token)
            throws SQLException {
        String sql = """
                UPDATE %s SET reserves = reserves + 1, token = ?, run_at = ? + ttr_ms, %s
                WHERE id IN (%s)
                RETURNING %s""".formatted(t.sql(), FREE_QUEUED_KEY, reserveCandidates(t, "id", pipelines.size()),
                Rows.RESERVED_COLUMNS);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, token);
            ps.setLong(2, now);
            bindCandidates(ps, 3, pipelines, now, max);
            return Rows.readReserved(ps, true, token);
        }
    }

    @Override
    ReentrantLock writeLock(Connection c) throws SQLException {
        return SqliteWriteLock.of(c);
    }

    /** A relaxed transaction runs with {@code synchronous = NORMAL}: see {@link SqliteRelaxedCommit}. */
    @Override
    <T> T relaxedAround(Connection c, Body<T> transaction) throws SQLException {
        int level = SqliteRelaxedCommit.relax(c);
        try {
            return transaction.run();
        } finally {
            SqliteRelaxedCommit.restore(c, level);
        }
    }

    @Override
    String skipLocked() {
        return ""; // the transaction already holds SQLite's single write lock
    }

    @Override
    boolean isTransient(SQLException e) {
        int code = e.getErrorCode() & 0xFF; // extended result codes keep the primary code in the low byte
        return code == SQLITE_BUSY || code == SQLITE_LOCKED || super.isTransient(e);
    }
}
