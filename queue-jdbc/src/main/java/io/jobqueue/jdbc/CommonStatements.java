package io.jobqueue.jdbc;

import io.jobqueue.Job;
import io.jobqueue.JobState;
import io.jobqueue.PipelineStats;
import io.jobqueue.spi.JobRef;
import io.jobqueue.spi.PeekStateRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statements every database runs as written, each beside the code that binds it. A job is held when its
 * reservation is current: {@code state = 0 AND token = <the holder's> AND run_at > now}.
 */
final class CommonStatements {
    private final Table table;
    private final Dialect dialect;

    CommonStatements(Table table, Dialect dialect) {
        this.table = table;
        this.dialect = dialect;
    }

    int release(Connection c, JobRef job, long priority, long runAt, long now) throws SQLException {
        String sql = """
                UPDATE %s SET priority = ?, run_at = ?, token = 0
                WHERE id = ? AND state = 0 AND token = ? AND run_at > ?""".formatted(table.sql());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, priority);
            ps.setLong(2, runAt);
            ps.setLong(3, job.id());
            ps.setLong(4, job.reservation());
            ps.setLong(5, now);
            return ps.executeUpdate();
        }
    }

    int bury(Connection c, JobRef job, long priority, long buriedAt, String reason, long now) throws SQLException {
        String sql = """
                UPDATE %s SET state = 2, token = 0, priority = ?, buried_at = ?, last_error = ?, unique_key = NULL
                WHERE id = ? AND state = 0 AND token = ? AND run_at > ?""".formatted(table.sql());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, priority);
            ps.setLong(2, buriedAt);
            ps.setString(3, reason);
            ps.setLong(4, job.id());
            ps.setLong(5, job.reservation());
            ps.setLong(6, now);
            return ps.executeUpdate();
        }
    }

    int touch(Connection c, JobRef job, long now) throws SQLException {
        String sql = """
                UPDATE %s SET run_at = ? + ttr_ms
                WHERE id = ? AND state = 0 AND token = ? AND run_at > ?""".formatted(table.sql());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setLong(2, job.id());
            ps.setLong(3, job.reservation());
            ps.setLong(4, now);
            return ps.executeUpdate();
        }
    }

    /** Deletes a job nobody holds: any state but a current reservation. */
    int deleteUnheld(Connection c, long id, long now) throws SQLException {
        String sql = "DELETE FROM %s WHERE id = ? AND NOT (state = 0 AND token <> 0 AND run_at > ?)"
                .formatted(table.sql());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.setLong(2, now);
            return ps.executeUpdate();
        }
    }

    /** Makes a buried or delayed job ready. */
    int kickJob(Connection c, long id, long now) throws SQLException {
        String sql = """
                UPDATE %s SET state = 0, token = 0, run_at = ?
                WHERE id = ? AND (state = 2 OR (state = 0 AND token = 0 AND run_at > ?))""".formatted(table.sql());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setLong(2, id);
            ps.setLong(3, now);
            return ps.executeUpdate();
        }
    }

    /**
     * Makes up to {@code max} buried jobs of {@code pipeline} ready, or if none is buried, delayed ones; runs in
     * a transaction the caller commits. The rows are locked as they are chosen, and the state condition of the
     * update makes a kick that lost a race a no-op.
     */
    int kick(Connection c, String pipeline, int max, long now) throws SQLException {
        String buried = """
                SELECT id FROM %s WHERE pipeline = ? AND state = 2
                ORDER BY buried_at, id LIMIT ?""".formatted(table.sql()) + dialect.skipLocked();
        List<Long> ids;
        try (PreparedStatement ps = c.prepareStatement(buried)) {
            ps.setString(1, pipeline);
            ps.setInt(2, max);
            ids = Rows.readIds(ps);
        }
        if (ids.isEmpty()) {
            String delayed = """
                    SELECT id FROM %s WHERE pipeline = ? AND state = 0 AND token = 0 AND run_at > ?
                    ORDER BY run_at, id LIMIT ?""".formatted(table.sql()) + dialect.skipLocked();
            try (PreparedStatement ps = c.prepareStatement(delayed)) {
                ps.setString(1, pipeline);
                ps.setLong(2, now);
                ps.setInt(3, max);
                ids = Rows.readIds(ps);
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        String kick = """
                UPDATE %s SET state = 0, token = 0, run_at = ?
                WHERE id IN (%s) AND (state = 2 OR (state = 0 AND token = 0 AND run_at > ?))"""
                .formatted(table.sql(), Table.placeholders(ids.size()));
        try (PreparedStatement ps = c.prepareStatement(kick)) {
            ps.setLong(1, now);
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(2 + i, ids.get(i));
            }
            ps.setLong(2 + ids.size(), now);
            return ps.executeUpdate();
        }
    }

    Optional<Job> peek(Connection c, long id, long now) throws SQLException {
        String sql = "SELECT %s FROM %s WHERE id = ?".formatted(Rows.COLUMNS, table.sql());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            return first(ps, now);
        }
    }

    /** The next job of {@code pipeline} in {@code state}, in the order it would leave that state. */
    Optional<Job> peek(Connection c, String pipeline, JobState state, long now) throws SQLException {
        String where = switch (state) {
            case READY -> "state = 0 AND run_at <= ? ORDER BY priority, id";
            case DELAYED -> "state = 0 AND token = 0 AND run_at > ? ORDER BY run_at, id";
            case BURIED -> "state = 2 ORDER BY buried_at, id";
            case RESERVED -> throw PeekStateRequest.reservedIsNotPeekable();
        };
        String sql = "SELECT %s FROM %s WHERE pipeline = ? AND %s LIMIT 1".formatted(Rows.COLUMNS, table.sql(), where);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, pipeline);
            if (state != JobState.BURIED) {
                ps.setLong(2, now);
            }
            return first(ps, now);
        }
    }

    /**
     * Up to {@code limit} jobs of {@code pipeline} in {@code state} with an id above {@code afterId}, in id order.
     * The state conditions are those of {@link #stats}: a reservation whose TTR has passed counts as ready, as it
     * does for a reserve. Every state but buried compares {@code run_at} with {@code now}, bound second.
     */
    List<Job> list(Connection c, String pipeline, JobState state, long afterId, int limit, long now)
            throws SQLException {
        String condition = switch (state) {
            case READY -> "state = 0 AND run_at <= ?";
            case DELAYED -> "state = 0 AND token = 0 AND run_at > ?";
            case RESERVED -> "state = 0 AND token <> 0 AND run_at > ?";
            case BURIED -> "state = 2";
        };
        String sql = "SELECT %s FROM %s WHERE pipeline = ? AND %s AND id > ? ORDER BY id LIMIT ?"
                .formatted(Rows.COLUMNS, table.sql(), condition);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, pipeline);
            if (state != JobState.BURIED) {
                ps.setLong(i++, now);
            }
            ps.setLong(i++, afterId);
            ps.setInt(i, limit);
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(Rows.peeked(rs, now));
                }
            }
            return jobs;
        }
    }

    PipelineStats stats(Connection c, String pipeline, long now) throws SQLException {
        String sql = """
                SELECT
                  COALESCE(SUM(CASE WHEN state = 0 AND run_at <= ? THEN 1 ELSE 0 END), 0),
                  COALESCE(SUM(CASE WHEN state = 0 AND token = 0 AND run_at > ? THEN 1 ELSE 0 END), 0),
                  COALESCE(SUM(CASE WHEN state = 0 AND token <> 0 AND run_at > ? THEN 1 ELSE 0 END), 0),
                  COALESCE(SUM(CASE WHEN state = 2 THEN 1 ELSE 0 END), 0)
                FROM %s WHERE pipeline = ?""".formatted(table.sql());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setLong(2, now);
            ps.setLong(3, now);
            ps.setString(4, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new PipelineStats(pipeline, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }

    List<String> pipelines(Connection c) throws SQLException {
        String sql = "SELECT DISTINCT pipeline FROM %s ORDER BY pipeline".formatted(table.sql());
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Ends a pause of {@code pipeline}; a pipeline never paused has no row, and nothing to end. */
    void resume(Connection c, String pipeline) throws SQLException {
        String sql = "UPDATE %s SET paused_at = NULL WHERE pipeline = ?".formatted(table.pipelinesSql());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, pipeline);
            ps.executeUpdate();
        }
    }

    boolean isPaused(Connection c, String pipeline) throws SQLException {
        String sql = "SELECT 1 FROM %s WHERE pipeline = ? AND paused_at IS NOT NULL".formatted(table.pipelinesSql());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    boolean exists(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM %s WHERE id = ?".formatted(table.sql()))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Optional<Job> first(PreparedStatement ps, long now) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(Rows.peeked(rs, now)) : Optional.empty();
        }
    }
}
