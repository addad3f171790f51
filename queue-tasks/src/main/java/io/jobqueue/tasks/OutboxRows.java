package io.jobqueue.tasks;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The statements on the outbox table: one row per job a store transaction wants sent (which task, which stage,
 * the task's name for its pipeline, and the job options), deleted once the job is sent.
 */
final class OutboxRows {
    /** Most rows one statement names or one sweep takes. */
    static final int CHUNK = 500;

    private final String outbox;
    private final StoreDialect dialect;

    OutboxRows(TaskTables tables, StoreDialect dialect) {
        this.outbox = tables.outbox();
        this.dialect = dialect;
    }

    /** One job to send: {@code delayMs} counts from {@code createdAt}, the time the transaction wrote it. */
    record Row(long id, long task, int stage, String name, long priority, long ttrMs, long delayMs, long createdAt) {}

    /** Inserts one row per task and returns them with their ids, as this transaction sees them. */
    List<Row> insert(Transaction t, String name, List<Long> tasks, int stage, long priority, long ttrMs, long delayMs)
            throws SQLException {
        String sql = """
                INSERT INTO %s (task_id, stage, name, priority, ttr_ms, delay_ms, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""".formatted(outbox);
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            for (int i = 0; i < tasks.size(); i++) {
                ps.setLong(1, tasks.get(i));
                ps.setInt(2, stage);
                ps.setString(3, name);
                ps.setLong(4, priority);
                ps.setLong(5, ttrMs);
                ps.setLong(6, delayMs);
                ps.setLong(7, t.now());
                ps.addBatch();
                if ((i + 1) % CHUNK == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        // Read back by the range of task ids, not an IN list of any length; a row of this stage left for the
        // same task by an earlier transaction comes too, and is sent and deleted with these (a repeat the
        // claims tolerate).
        Set<Long> wanted = new HashSet<>(tasks);
        String read = select() + " WHERE stage = ? AND task_id BETWEEN ? AND ? ORDER BY id";
        try (PreparedStatement ps = t.connection().prepareStatement(read)) {
            ps.setInt(1, stage);
            ps.setLong(2, Collections.min(tasks));
            ps.setLong(3, Collections.max(tasks));
            List<Row> out = new ArrayList<>(tasks.size());
            for (Row row : rows(ps)) {
                if (wanted.contains(row.task())) {
                    out.add(row);
                }
            }
            return out;
        }
    }

    /**
     * Up to {@link #CHUNK} rows written at or before {@code before}, oldest first, locked until the transaction
     * ends; rows another sweeper has locked are passed over.
     */
    List<Row> lockOlderThan(Transaction t, long before) throws SQLException {
        String sql = select() + " WHERE created_at <= ? ORDER BY id LIMIT " + CHUNK + dialect.forUpdateSkipLocked();
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            ps.setLong(1, before);
            return rows(ps);
        }
    }

    /** How many rows wait to be sent. */
    long count(Transaction t) throws SQLException {
        try (PreparedStatement ps = t.connection().prepareStatement("SELECT COUNT(*) FROM " + outbox);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Deletes the rows one primary key at a time, in a statement batch: two sweepers' rows can interleave (SKIP
     * LOCKED passes over rows one by one), and a DELETE naming many ids may scan a range of the key and wait on
     * the other sweeper's rows (MariaDB does), a deadlock that would send a chunk again.
     */
    void delete(Transaction t, List<Row> rows) throws SQLException {
        try (PreparedStatement ps = t.connection().prepareStatement("DELETE FROM " + outbox + " WHERE id = ?")) {
            for (int i = 0; i < rows.size(); i++) {
                ps.setLong(1, rows.get(i).id());
                ps.addBatch();
                if ((i + 1) % CHUNK == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private String select() {
        return "SELECT id, task_id, stage, name, priority, ttr_ms, delay_ms, created_at FROM " + outbox;
    }

    private static List<Row> rows(PreparedStatement ps) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Row(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8)));
            }
        }
        return out;
    }
}
