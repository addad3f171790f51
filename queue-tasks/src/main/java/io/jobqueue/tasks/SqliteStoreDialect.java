package io.jobqueue.tasks;

import io.jobqueue.internal.SqliteRelaxedCommit;

import io.jobqueue.internal.SqliteWriteLock;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * SQLite: one writer at a time. The store's transactions begin IMMEDIATE (they take the write lock first), so
 * they need no row locks and a read-then-write never fails midway; writers queue on the busy timeout.
 */
final class SqliteStoreDialect extends StoreDialect {
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    @Override
    String name() {
        return "sqlite";
    }

    @Override
    List<String> schema(TaskTables t) {
        return StoreDialect.withTaskIndexes(t, """
                CREATE TABLE IF NOT EXISTS %1$s (
                  id INTEGER PRIMARY KEY AUTOINCREMENT, -- AUTOINCREMENT: a pruned task's id is never reused
                  name TEXT NOT NULL,
                  status TEXT NOT NULL,
                  stage INTEGER NOT NULL DEFAULT 0,
                  parent_id INTEGER,
                  parent_stage INTEGER,
                  child_seq INTEGER,
                  params TEXT NOT NULL,
                  result TEXT,
                  error TEXT,
                  attempts INTEGER NOT NULL DEFAULT 0,
                  priority INTEGER NOT NULL,
                  ttr_ms INTEGER NOT NULL,
                  job_id INTEGER,
                  claim_job_id INTEGER,
                  created_at INTEGER NOT NULL,
                  updated_at INTEGER NOT NULL,
                  started_at INTEGER,
                  finished_at INTEGER)""".formatted(t.tasks()),
                List.of(
                """
                CREATE TABLE IF NOT EXISTS %1$s (
                  task_id INTEGER NOT NULL,
                  stage INTEGER NOT NULL,
                  name TEXT NOT NULL,
                  status TEXT NOT NULL,
                  fail_fast INTEGER NOT NULL,
                  last_stage INTEGER NOT NULL,
                  handler_done INTEGER NOT NULL DEFAULT 0,
                  children_total INTEGER NOT NULL DEFAULT 0,
                  children_completed INTEGER NOT NULL DEFAULT 0,
                  children_failed INTEGER NOT NULL DEFAULT 0,
                  result TEXT,
                  started_at INTEGER,
                  finished_at INTEGER,
                  PRIMARY KEY (task_id, stage))""".formatted(t.stages()),
                """
                CREATE TABLE IF NOT EXISTS %1$s (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  task_id INTEGER NOT NULL,
                  stage INTEGER NOT NULL,
                  name TEXT NOT NULL,
                  priority INTEGER NOT NULL,
                  ttr_ms INTEGER NOT NULL,
                  delay_ms INTEGER NOT NULL,
                  created_at INTEGER NOT NULL)""".formatted(t.outbox())));
    }

    @Override
    ReentrantLock writeLock(Connection c) throws SQLException {
        return SqliteWriteLock.of(c);
    }

    @Override
    String forUpdate() {
        return ""; // the transaction already holds the single write lock
    }

    @Override
    String forUpdateSkipLocked() {
        return ""; // one writer: the sweeper's transaction holds the write lock while it sends
    }

    @Override
    boolean updateReturning() {
        return true;
    }

    @Override
    String insertIfAbsent(String table, String columns, String values, String key) {
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ") ON CONFLICT (" + key
                + ") DO NOTHING";
    }

    @Override
    boolean isTransient(SQLException e) {
        int code = e.getErrorCode() & 0xFF; // extended result codes keep the primary code in the low byte
        return code == SQLITE_BUSY || code == SQLITE_LOCKED || super.isTransient(e);
    }

    /** {@code synchronous = NORMAL} for the transaction: see {@link SqliteRelaxedCommit}. */
    @Override
    int beforeRelaxed(Connection c) throws SQLException {
        return SqliteRelaxedCommit.relax(c);
    }

    @Override
    void afterRelaxed(Connection c, int restore) throws SQLException {
        SqliteRelaxedCommit.restore(c, restore);
    }
}
