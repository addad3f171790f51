package io.jobqueue.jdbc;

import io.jobqueue.Job;
import io.jobqueue.spi.JobRef;
import io.jobqueue.spi.NewJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * MySQL 8 and MariaDB 10.6+: no {@code UPDATE … RETURNING}, so a reserve is {@code SELECT … FOR UPDATE SKIP
 * LOCKED} then {@code UPDATE} in one short READ COMMITTED transaction (REPEATABLE READ would take gap locks
 * that block inserts). MariaDB returns inserted ids with {@code INSERT … RETURNING}; MySQL through generated
 * keys, one row per statement, because its interleaved auto-increment mode may leave gaps in a multi-row insert.
 */
final class MySqlDialect extends Dialect {
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    private static final int ER_LOCK_DEADLOCK = 1213;
    private final boolean mariaDb;

    MySqlDialect(boolean mariaDb) {
        this.mariaDb = mariaDb;
    }

    @Override
    String name() {
        return mariaDb ? "mariadb" : "mysql";
    }

    @Override
    List<String> createTable(Table t) {
        // Pipeline names are ASCII; a binary collation keeps them case-sensitive, as on every other backend.
        // No partial indexes here: the ready index also holds buried rows, which a reserve skips.
        return List.of("""
                CREATE TABLE IF NOT EXISTS %1$s (
                  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                  pipeline VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
                  priority BIGINT NOT NULL,
                  state TINYINT NOT NULL,
                  run_at BIGINT NOT NULL,
                  ttr_ms BIGINT NOT NULL,
                  reserves INT NOT NULL DEFAULT 0,
                  created_at BIGINT NOT NULL,
                  buried_at BIGINT NULL,
                  last_error TEXT NULL,
                  payload LONGBLOB NOT NULL,
                  KEY %1$s_ready (pipeline, priority, id),
                  KEY %1$s_buried (pipeline, state, buried_at, id)
                ) ENGINE=InnoDB""".formatted(t.name()));
    }

    @Override
    void lockSchema(Connection c, Table table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, 60)")) {
            ps.setString(1, "jobqueue schema " + table.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getInt(1) != 1) {
                    throw new SQLException("timed out waiting for the schema lock of " + table.name(), "55P03");
                }
            }
        }
    }

    @Override
    void unlockSchema(Connection c, Table table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            ps.setString(1, "jobqueue schema " + table.name());
            ps.execute();
        }
    }

    @Override
    List<Job> reserve(Connection c, Table t, List<String> pipelines, int max, long now, long token)
            throws SQLException {
        List<Job> jobs;
        try (PreparedStatement ps = c.prepareStatement(t.readyCandidates(Table.COLUMNS, pipelines.size())
                + " FOR UPDATE SKIP LOCKED")) {
            bindPipelines(ps, 1, pipelines);
            ps.setLong(1 + pipelines.size(), now);
            ps.setInt(2 + pipelines.size(), max);
            jobs = Rows.readReserved(ps, false, token);
        }
        if (jobs.isEmpty()) {
            return jobs;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.name()
                + " SET reserves = reserves + 1, token = ?, run_at = ? + ttr_ms WHERE id IN ("
                + Table.placeholders(jobs.size()) + ")")) {
            ps.setLong(1, token);
            ps.setLong(2, now);
            for (int i = 0; i < jobs.size(); i++) {
                ps.setLong(3 + i, jobs.get(i).id());
            }
            ps.executeUpdate();
        }
        return jobs;
    }

    @Override
    String lockIds(String select) {
        return select + " LIMIT ? FOR UPDATE SKIP LOCKED";
    }

    @Override
    List<Long> insert(Connection c, Table table, String pipeline, List<NewJob> jobs, long now) throws SQLException {
        if (mariaDb) {
            return super.insert(c, table, pipeline, jobs, now);
        }
        List<Long> ids = new ArrayList<>(jobs.size());
        try (PreparedStatement ps = c.prepareStatement(table.insertColumns() + " VALUES (?, ?, 0, ?, ?, 0, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            for (NewJob job : jobs) {
                ps.setString(1, pipeline);
                ps.setLong(2, job.priority());
                ps.setLong(3, now + job.delay().toMillis());
                ps.setLong(4, job.ttr().toMillis());
                ps.setLong(5, now);
                ps.setBytes(6, job.payload());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    ids.add(keys.getLong(1));
                }
            }
        }
        return ids;
    }

    /** MariaDB has {@code DELETE … RETURNING}; MySQL has not: there each delete is its own batched statement. */
    @Override
    int[] deleteHeld(Connection c, Table table, List<JobRef> refs, long now) throws SQLException {
        if (mariaDb) {
            return super.deleteHeld(c, table, refs, now);
        }
        try (PreparedStatement ps = c.prepareStatement(table.deleteHeld())) {
            for (JobRef ref : refs) {
                JdbcBackend.bindHeld(ps, 1, ref, now);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    /** No partial indexes here: the ready index holds every row, so it needs no change. */
    @Override
    List<String> readyIndex(Table t, String first) {
        return List.of(first);
    }

    @Override
    boolean insertIsOneStatement(int jobs) {
        return mariaDb ? super.insertIsOneStatement(jobs) : jobs == 1;
    }

    @Override
    boolean isTransient(SQLException e) {
        return e.getErrorCode() == ER_LOCK_DEADLOCK || e.getErrorCode() == ER_LOCK_WAIT_TIMEOUT || super.isTransient(e);
    }
}
