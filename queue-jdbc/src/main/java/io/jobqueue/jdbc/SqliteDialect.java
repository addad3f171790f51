package io.jobqueue.jdbc;

import io.jobqueue.Job;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * SQLite: one writer at a time, so there is no {@code SKIP LOCKED} to ask for. A reserve is one
 * {@code UPDATE … RETURNING}, which takes the write lock before it reads, so two reserves never pick the
 * same row; writers queue on the busy timeout.
 */
final class SqliteDialect extends Dialect {
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    @Override
    String name() {
        return "sqlite";
    }

    @Override
    List<String> createTable(Table t) {
        return List.of("""
                CREATE TABLE IF NOT EXISTS %1$s (
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
                  payload BLOB NOT NULL)""".formatted(t.name()),
                "CREATE INDEX IF NOT EXISTS %1$s_ready ON %1$s (pipeline, priority, id) WHERE state < 2"
                        .formatted(t.name()),
                "CREATE INDEX IF NOT EXISTS %1$s_buried ON %1$s (pipeline, buried_at, id) WHERE state = 2"
                        .formatted(t.name()));
    }

    @Override
    void lockSchema(Connection c, Table table) {
        // The migration transaction begins IMMEDIATE (the connection's transaction mode): it holds the write lock.
    }

    @Override
    List<Job> reserve(Connection c, Table t, List<String> pipelines, int max, long now, long token)
            throws SQLException {
        String sql = "UPDATE " + t.name() + " SET reserves = reserves + 1, token = ?, run_at = ? + ttr_ms"
                + " WHERE id IN (" + t.readyCandidates("id", pipelines.size()) + ")"
                + " RETURNING " + Table.COLUMNS;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, token);
            ps.setLong(2, now);
            bindPipelines(ps, 3, pipelines);
            ps.setLong(3 + pipelines.size(), now);
            ps.setInt(4 + pipelines.size(), max);
            return Rows.readReserved(ps, true, token);
        }
    }

    @Override
    String lockIds(String select) {
        return select + " LIMIT ?"; // the transaction already holds SQLite's single write lock
    }

    @Override
    boolean isTransient(SQLException e) {
        int code = e.getErrorCode() & 0xFF; // extended result codes keep the primary code in the low byte
        return code == SQLITE_BUSY || code == SQLITE_LOCKED || super.isTransient(e);
    }
}
