package io.jobqueue.jdbc;

import io.jobqueue.Job;
import io.jobqueue.PipelineLimits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pipeline limits, enforced in the reserve's transaction. A reserve first reads the limited pipelines among those
 * it watches and locks their control rows, so reserves of one limited pipeline run one at a time across every
 * process (others never wait). When none is limited, the reserve runs as always. Otherwise each limited
 * pipeline gets what its limits allow now (its running jobs counted; its token bucket refilled), then the
 * unlimited pipelines the rest, in priority order among themselves; and each bucket is written back.
 */
final class LimitStatements {
    /** A token is {@value} thousandths in {@code rate_tokens}. */
    static final long MILLI = 1000;

    private final Table table;
    private final Dialect dialect;

    LimitStatements(Table table, Dialect dialect) {
        this.table = table;
        this.dialect = dialect;
    }

    private record Limited(String pipeline, int maxRunning, int perSecond, long tokens, long at) {}

    void set(Connection c, String pipeline, PipelineLimits limits, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.upsertLimits(table))) {
            ps.setString(1, pipeline);
            ps.setInt(2, limits.maxRunning());
            ps.setInt(3, limits.maxStartedPerSecond());
            ps.setLong(4, limits.maxStartedPerSecond() * MILLI);
            ps.setLong(5, now);
            ps.executeUpdate();
        }
    }

    PipelineLimits read(Connection c, String pipeline) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT max_running, max_per_second FROM %s WHERE pipeline = ?".formatted(table.pipelinesSql()))) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new PipelineLimits(rs.getInt(1), rs.getInt(2)) : PipelineLimits.NONE;
            }
        }
    }

    /** Reserves up to {@code max} jobs of {@code pipelines} within their limits; in the caller's transaction. */
    List<Job> reserve(Connection c, List<String> pipelines, int max, long now, long token) throws SQLException {
        List<Limited> limited = lockLimited(c, pipelines);
        if (limited.isEmpty()) {
            return dialect.reserve(c, table, pipelines, max, now, token);
        }
        List<Job> jobs = new ArrayList<>();
        List<String> unlimited = new ArrayList<>(pipelines);
        for (Limited l : limited) {
            unlimited.remove(l.pipeline());
            long tokens = l.perSecond() == 0 ? 0
                    : Math.min(l.perSecond() * MILLI, l.tokens() + Math.min(Math.max(0, now - l.at()), MILLI) * l.perSecond());
            long allowed = max - jobs.size();
            if (l.perSecond() > 0) {
                allowed = Math.min(allowed, tokens / MILLI);
            }
            if (l.maxRunning() > 0 && allowed > 0) {
                allowed = Math.min(allowed, l.maxRunning() - running(c, l.pipeline(), now));
            }
            int taken = 0;
            if (allowed > 0) {
                List<Job> got = dialect.reserve(c, table, List.of(l.pipeline()), (int) allowed, now, token);
                jobs.addAll(got);
                taken = got.size();
            }
            if (l.perSecond() > 0) {
                // A reserve that read the clock before waiting for the lock may be behind the last one: never
                // move the bucket's time back, or the stretch between would be refilled twice.
                saveBucket(c, l.pipeline(), tokens - taken * MILLI, Math.max(now, l.at()));
            }
        }
        if (!unlimited.isEmpty() && jobs.size() < max) {
            jobs.addAll(dialect.reserve(c, table, unlimited, max - jobs.size(), now, token));
        }
        return jobs;
    }

    /** The limited, unpaused pipelines among {@code pipelines}, their control rows locked until commit. */
    private List<Limited> lockLimited(Connection c, List<String> pipelines) throws SQLException {
        String sql = """
                SELECT pipeline, max_running, max_per_second, rate_tokens, rate_at FROM %s
                WHERE pipeline IN (%s) AND (max_running > 0 OR max_per_second > 0) AND paused_at IS NULL
                ORDER BY pipeline%s""".formatted(table.pipelinesSql(), Table.placeholders(pipelines.size()),
                dialect.forUpdate());
        List<Limited> limited = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < pipelines.size(); i++) {
                ps.setString(i + 1, pipelines.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    limited.add(new Limited(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getLong(4), rs.getLong(5)));
                }
            }
        }
        return limited;
    }

    /** Jobs of {@code pipeline} reserved now: live, with a token, and their reservation not yet expired. */
    private long running(Connection c, String pipeline, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM %s WHERE pipeline = ? AND state = 0 AND token <> 0 AND run_at > ?"
                        .formatted(table.sql()))) {
            ps.setString(1, pipeline);
            ps.setLong(2, now);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void saveBucket(Connection c, String pipeline, long tokens, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE %s SET rate_tokens = ?, rate_at = ? WHERE pipeline = ?".formatted(table.pipelinesSql()))) {
            ps.setLong(1, tokens);
            ps.setLong(2, now);
            ps.setString(3, pipeline);
            ps.executeUpdate();
        }
    }
}
