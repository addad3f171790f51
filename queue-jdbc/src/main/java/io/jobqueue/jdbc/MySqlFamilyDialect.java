package io.jobqueue.jdbc;

import io.jobqueue.Job;
import io.jobqueue.spi.NewJob;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
                  %s,
                  KEY %s (pipeline, priority, id),
                  KEY %s (pipeline, state, buried_at, id),
                  UNIQUE KEY %s (pipeline, unique_key)
                ) ENGINE=InnoDB""".formatted(t.sql(), String.join(",\n  ", uniqueColumns()), t.readyIndexSql(),
                t.buriedIndexSql(), t.uniqueIndexSql()), createPipelinesTable(t), createWorkersTable(t),
                createSchedulesTable(t));
    }

    /**
     * Bytes, not characters: a VARBINARY compares exactly, where every text collation either folds case or (MySQL
     * 8's and MariaDB's _bin collations) pads, taking "k" and "k " as one key. 1020 bytes hold 255 characters of
     * UTF-8; with the pipeline the index stays under InnoDB's 3072-byte key limit.
     */
    @Override
    String uniqueKeyType() {
        return "VARBINARY(1020)";
    }

    @Override
    void bindUniqueKey(PreparedStatement ps, int index, String key) throws SQLException {
        ps.setBytes(index, key.getBytes(StandardCharsets.UTF_8));
    }

    /** Neither database has partial indexes; a unique index allows any number of null keys. */
    @Override
    String createUniqueIndex(Table t) {
        return "ALTER TABLE %s ADD UNIQUE KEY %s (pipeline, unique_key)".formatted(t.sql(), t.uniqueIndexSql());
    }

    /** MySQL 8 has no {@code CREATE INDEX IF NOT EXISTS}: look first. */
    @Override
    void addUniqueIndex(Connection c, Table t) throws SQLException {
        String sql = """
                SELECT COUNT(*) FROM information_schema.STATISTICS
                WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = ?""";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, t.name());
            ps.setString(2, t.name() + "_unique");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
        }
        super.addUniqueIndex(c, t);
    }

    @Override
    String pipelineType() {
        return "VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin";
    }

    @Override
    boolean indexesInCreateTable() {
        return true;
    }

    @Override
    String insertKeyIfAbsent(Table t) {
        return ("INSERT INTO %s (pipeline, unique_key, job_id, expires_at) VALUES (?, ?, 0, ?)"
                + " ON DUPLICATE KEY UPDATE job_id = job_id").formatted(t.keysSql());
    }

    @Override
    String tableOptions() {
        return " ENGINE=InnoDB";
    }

    @Override
    String createPipelinesTable(Table t) {
        return """
                CREATE TABLE IF NOT EXISTS %s (
                  pipeline VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
                  paused_at BIGINT NULL,
                  %s
                ) ENGINE=InnoDB""".formatted(t.pipelinesSql(), String.join(",\n  ", LIMIT_COLUMNS));
    }

    /** Names, pipelines, cron expressions and zone ids are ASCII, compared exactly as on the other databases. */
    @Override
    String createSchedulesTable(Table t) {
        return """
                CREATE TABLE IF NOT EXISTS %s (
                  name VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
                  cron VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NULL,
                  interval_ms BIGINT NULL,
                  zone VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
                  pipeline VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
                  payload LONGBLOB NOT NULL,
                  priority BIGINT NOT NULL,
                  ttr_ms BIGINT NOT NULL,
                  next_run_at BIGINT NOT NULL,
                  created_at BIGINT NOT NULL
                ) ENGINE=InnoDB""".formatted(t.schedulesSql());
    }

    /** A no-op update on a duplicate name: the row stays as it was. */
    @Override
    String insertScheduleIfAbsent(Table t) {
        return "INSERT INTO %s %s VALUES %s ON DUPLICATE KEY UPDATE name = name"
                .formatted(t.schedulesSql(), ScheduleStatements.COLUMNS_IN_PARENS, ScheduleStatements.ROW);
    }

    /**
     * {@code INSERT … ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)}: on a live key the row is left as it was
     * and {@code LAST_INSERT_ID()} names it; otherwise it names the new row. Read with a SELECT, not as generated
     * keys: Connector/J derives those from the affected-row count, which an unchanged duplicate reports as 0.
     */
    @Override
    long insertKeyed(Connection c, Table t, String pipeline, NewJob job, long now) throws SQLException {
        String sql = "INSERT INTO %s %s VALUES %s ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)"
                .formatted(t.sql(), KEYED_INSERT_COLUMNS, KEYED_JOB_ROW);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindKeyedRow(ps, 1, pipeline, job, now);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT LAST_INSERT_ID()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code VALUES(col)} names the row the insert proposed; MariaDB has no alias form, MySQL 8 keeps this one. */
    @Override
    String upsertLimits(Table t) {
        return """
                INSERT INTO %s (pipeline, max_running, max_per_second, rate_tokens, rate_at) VALUES (?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE max_running = VALUES(max_running), max_per_second = VALUES(max_per_second),
                  rate_tokens = VALUES(rate_tokens), rate_at = VALUES(rate_at)""".formatted(t.pipelinesSql());
    }

    @Override
    void pause(Connection c, Table t, String pipeline, long now) throws SQLException {
        String sql = """
                INSERT INTO %s (pipeline, paused_at) VALUES (?, ?)
                ON DUPLICATE KEY UPDATE paused_at = COALESCE(paused_at, ?)""".formatted(t.pipelinesSql());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, pipeline);
            ps.setLong(2, now);
            ps.setLong(3, now);
            ps.executeUpdate();
        }
    }

    /**
     * A plain read of the paused pipelines first, then the candidates of the others: a locking read would lock the
     * subquery's rows too, and SKIP LOCKED would then skip a paused pipeline's row, not its jobs.
     */
    @Override
    String reserveCandidates(Table t, String columns, int pipelines) {
        return candidates(t, columns, pipelines);
    }

    private List<String> running(Connection c, Table t, List<String> pipelines) throws SQLException {
        String sql = "SELECT pipeline FROM %s WHERE paused_at IS NOT NULL AND pipeline IN (%s)"
                .formatted(t.pipelinesSql(), Table.placeholders(pipelines.size()));
        List<String> running = new ArrayList<>(pipelines);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < pipelines.size(); i++) {
                ps.setString(1 + i, pipelines.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    running.remove(rs.getString(1));
                }
            }
        }
        return running;
    }

    /**
     * Looked up in information_schema: MariaDB could say {@code ADD COLUMN IF NOT EXISTS}, MySQL 8 cannot.
     */
    @Override
    Set<String> columnsOf(Connection c, String table) throws SQLException {
        String sql = """
                SELECT COLUMN_NAME FROM information_schema.COLUMNS
                WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?""";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table);
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
        List<String> running = running(c, t, pipelines);
        if (running.isEmpty()) {
            return List.of();
        }
        List<Job> jobs;
        try (PreparedStatement ps = c.prepareStatement(reserveCandidates(t, Rows.RESERVED_COLUMNS, running.size())
                + skipLocked())) {
            bindCandidates(ps, 1, running, now, max);
            jobs = Rows.readReserved(ps, false, token);
        }
        if (jobs.isEmpty()) {
            return jobs;
        }
        String sql = "UPDATE %s SET reserves = reserves + 1, token = ?, run_at = ? + ttr_ms, %s WHERE id IN (%s)"
                .formatted(t.sql(), FREE_QUEUED_KEY, Table.placeholders(jobs.size()));
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
