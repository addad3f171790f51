package io.jobqueue.jdbc;

import io.jobqueue.Job;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * What MySQL 8 and MariaDB 10.6+ share: the schema, the schema lock, the reserve and the errors. Neither has
 * {@code UPDATE … RETURNING}, so a reserve is {@code SELECT … FOR UPDATE SKIP LOCKED} then {@code UPDATE} in one
 * short READ COMMITTED transaction (REPEATABLE READ would take gap locks that block inserts). How inserts return
 * ids and how acknowledgements delete differ: see {@link MySqlDialect} and {@link MariaDbDialect}.
 */
abstract class MySqlFamilyDialect extends Dialect {
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    private static final int ER_LOCK_DEADLOCK = 1213;
    /** How long a starter waits for another's schema change, in seconds. */
    private static final int SCHEMA_LOCK_SECONDS = 60;

    @Override
    String quote(String identifier) {
        return '`' + identifier + '`'; // double quotes name identifiers only in ANSI_QUOTES mode
    }

    @Override
    List<String> createTable(Table t) {
        // Pipeline names are ASCII; a binary collation keeps them case-sensitive, as on every other backend.
        // No partial indexes here: the ready index also holds buried rows, which a reserve skips, and the buried
        // index leads with state to skip the live ones.
        return List.of("""
                CREATE TABLE IF NOT EXISTS %s (
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
                  token BIGINT NOT NULL DEFAULT 0,
                  KEY %s (pipeline, priority, id),
                  KEY %s (pipeline, state, buried_at, id)
                ) ENGINE=InnoDB""".formatted(t.sql(), t.readyIndexSql(), t.buriedIndexSql()));
    }

    /**
     * Looked up in information_schema: MariaDB could say {@code ADD COLUMN IF NOT EXISTS}, MySQL 8 cannot.
     */
    @Override
    Set<String> columns(Connection c, Table t) throws SQLException {
        String sql = """
                SELECT COLUMN_NAME FROM information_schema.COLUMNS
                WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?""";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, t.name());
            return Dialect.names(ps);
        }
    }

    /** A named lock: it outlives the transaction, since every DDL statement here commits it. */
    @Override
    void lockSchema(Connection c, Table table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            ps.setString(1, table.schemaLockName());
            ps.setInt(2, SCHEMA_LOCK_SECONDS);
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
            ps.setString(1, table.schemaLockName());
            ps.execute();
        }
    }

    @Override
    List<Job> reserve(Connection c, Table t, List<String> pipelines, int max, long now, long token)
            throws SQLException {
        List<Job> jobs;
        try (PreparedStatement ps = c.prepareStatement(candidates(t, Rows.COLUMNS, pipelines.size()) + skipLocked())) {
            bindCandidates(ps, 1, pipelines, now, max);
            jobs = Rows.readReserved(ps, false, token);
        }
        if (jobs.isEmpty()) {
            return jobs;
        }
        String sql = "UPDATE %s SET reserves = reserves + 1, token = ?, run_at = ? + ttr_ms WHERE id IN (%s)"
                .formatted(t.sql(), Table.placeholders(jobs.size()));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, token);
            ps.setLong(2, now);
            for (int i = 0; i < jobs.size(); i++) {
                ps.setLong(3 + i, jobs.get(i).id());
            }
            ps.executeUpdate();
        }
        return jobs;
    }

    /** Deadlocks and lock wait timeouts by vendor code: drivers differ in the SQLState they give the latter. */
    @Override
    boolean isTransient(SQLException e) {
        return e.getErrorCode() == ER_LOCK_DEADLOCK || e.getErrorCode() == ER_LOCK_WAIT_TIMEOUT || super.isTransient(e);
    }
}
