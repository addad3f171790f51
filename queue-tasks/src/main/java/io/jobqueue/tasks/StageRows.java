package io.jobqueue.tasks;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statements on the stages table. A stage row holds its children's counters: the transaction that records a
 * child's end adds to them under the row's lock and reads them back, so exactly one transaction sees the stage
 * become complete (handler returned and every child finished) and moves the task on.
 */
final class StageRows {
    private final String stages;
    private final StoreDialect dialect;

    StageRows(TaskTables tables, StoreDialect dialect) {
        this.stages = tables.stages();
        this.dialect = dialect;
    }

    /** The counters and settings the transitions read, under the row's lock. */
    record Counters(boolean handlerDone, long total, long completed, long failed, boolean failFast,
            boolean lastStage, String result, TaskStatus status) {
        boolean allChildrenFinished() {
            return completed + failed == total;
        }
    }

    /** Creates the stage's row as STARTED unless it exists (a retry keeps the row and its counters). */
    void start(Transaction t, long taskId, int stage, String name, boolean failFast, boolean lastStage)
            throws SQLException {
        String sql = dialect.insertIfAbsent(stages,
                "task_id, stage, name, status, fail_fast, last_stage, handler_done, children_total,"
                        + " children_completed, children_failed, started_at",
                "?, ?, ?, 'STARTED', ?, ?, 0, 0, 0, 0, ?", "task_id, stage");
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            ps.setLong(1, taskId);
            ps.setInt(2, stage);
            ps.setString(3, name);
            ps.setInt(4, failFast ? 1 : 0);
            ps.setInt(5, lastStage ? 1 : 0);
            ps.setLong(6, t.now());
            ps.executeUpdate();
        }
    }

    /** The columns {@link Counters} is read from, in order. */
    private static final String COUNTERS = "handler_done, children_total, children_completed, children_failed, fail_fast,"
            + " last_stage, result, status";

    /** Locks the stage's row and reads its counters; empty when the stage has no row. */
    Optional<Counters> lock(Transaction t, long taskId, int stage) throws SQLException {
        String sql = "SELECT " + COUNTERS + " FROM %s WHERE task_id = ? AND stage = ?".formatted(stages)
                + dialect.forUpdate();
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            ps.setLong(1, taskId);
            ps.setInt(2, stage);
            try (ResultSet rs = ps.executeQuery()) {
                return counters(rs);
            }
        }
    }

    private static Optional<Counters> counters(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return Optional.empty();
        }
        return Optional.of(new Counters(rs.getInt(1) == 1, rs.getLong(2), rs.getLong(3), rs.getLong(4),
                rs.getInt(5) == 1, rs.getInt(6) == 1, rs.getString(7), TaskStatus.valueOf(rs.getString(8))));
    }

    void addChildren(Transaction t, long taskId, int stage, long created) throws SQLException {
        try (PreparedStatement ps = t.connection().prepareStatement(
                "UPDATE %s SET children_total = children_total + ? WHERE task_id = ? AND stage = ?"
                        .formatted(stages))) {
            ps.setLong(1, created);
            ps.setLong(2, taskId);
            ps.setInt(3, stage);
            ps.executeUpdate();
        }
    }

    /** Records that the stage's handler returned; false when it already had (a repeat). */
    boolean handlerReturned(Transaction t, long taskId, int stage, String result) throws SQLException {
        String sql = """
                UPDATE %s SET handler_done = 1, result = ?, status = 'WAITING'
                WHERE task_id = ? AND stage = ? AND handler_done = 0""".formatted(stages);
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            ps.setString(1, result);
            ps.setLong(2, taskId);
            ps.setInt(3, stage);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Counts finished children (negative numbers take back children queued again by a retry) and returns the
     * counters as they are now, read under the lock this update took.
     */
    Counters count(Transaction t, long taskId, int stage, long completed, long failed) throws SQLException {
        String sql = """
                UPDATE %s SET children_completed = children_completed + ?, children_failed = children_failed + ?
                WHERE task_id = ? AND stage = ?""".formatted(stages);
        // Where the database has UPDATE ... RETURNING, the counters come back with the update: one round trip.
        boolean returning = dialect.updateReturning();
        try (PreparedStatement ps = t.connection().prepareStatement(returning ? sql + " RETURNING " + COUNTERS : sql)) {
            ps.setLong(1, completed);
            ps.setLong(2, failed);
            ps.setLong(3, taskId);
            ps.setInt(4, stage);
            if (returning) {
                try (ResultSet rs = ps.executeQuery()) {
                    return counters(rs).orElseThrow(() -> noRow(taskId, stage));
                }
            }
            ps.executeUpdate();
        }
        return lock(t, taskId, stage).orElseThrow(() -> noRow(taskId, stage));
    }

    private static IllegalStateException noRow(long taskId, int stage) {
        return new IllegalStateException("stage " + stage + " of task " + taskId + " has children but no row");
    }

    /** Ends a stage that has not ended; false when it had. */
    boolean end(Transaction t, long taskId, int stage, TaskStatus status) throws SQLException {
        String sql = """
                UPDATE %s SET status = ?, finished_at = ?
                WHERE task_id = ? AND stage = ? AND status IN ('STARTED', 'WAITING')""".formatted(stages);
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            ps.setString(1, status.name());
            ps.setLong(2, t.now());
            ps.setLong(3, taskId);
            ps.setInt(4, stage);
            return ps.executeUpdate() == 1;
        }
    }

    /** Opens an ended stage again for a retry: running its handler again, or waiting for requeued children. */
    void reopen(Transaction t, long taskId, int stage, TaskStatus status) throws SQLException {
        try (PreparedStatement ps = t.connection().prepareStatement(
                "UPDATE %s SET status = ?, finished_at = NULL WHERE task_id = ? AND stage = ?".formatted(stages))) {
            ps.setString(1, status.name());
            ps.setLong(2, taskId);
            ps.setInt(3, stage);
            ps.executeUpdate();
        }
    }

    List<StageState> all(Transaction t, long taskId) throws SQLException {
        String sql = """
                SELECT task_id, stage, name, status, result, children_total, children_completed, children_failed,
                  started_at, finished_at
                FROM %s WHERE task_id = ? ORDER BY stage""".formatted(stages);
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            ps.setLong(1, taskId);
            List<StageState> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StageState(rs.getLong(1), rs.getInt(2), rs.getString(3),
                            TaskStatus.valueOf(rs.getString(4)), rs.getString(5),
                            new Progress(rs.getLong(6), rs.getLong(7), rs.getLong(8)), TaskRows.instant(rs, 9),
                            TaskRows.instant(rs, 10)));
                }
            }
            return out;
        }
    }
}
