package io.jobqueue.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Jobs tables as the first release created them (schema version 1), word for word, for the upgrade tests. The
 * library itself no longer writes these: its CREATE TABLE writes the current schema.
 */
final class VersionOneTables {
    private VersionOneTables() {}

    /** Creates {@code table} at version 1 on {@code database} and records that version. */
    static void create(Connection c, String database, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : statements(database, table)) {
                s.execute(statement);
            }
            s.execute("CREATE TABLE " + table + "_schema (version INTEGER NOT NULL)");
            s.execute("INSERT INTO " + table + "_schema (version) VALUES (1)");
        }
    }

    private static List<String> statements(String database, String table) {
        return switch (database) {
            case "sqlite" -> List.of("""
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
                      payload BLOB NOT NULL)""".formatted(table),
                    "CREATE INDEX IF NOT EXISTS %1$s_ready ON %1$s (pipeline, priority, id) WHERE state < 2"
                            .formatted(table),
                    "CREATE INDEX IF NOT EXISTS %1$s_buried ON %1$s (pipeline, buried_at, id) WHERE state = 2"
                            .formatted(table));
            case "postgresql" -> List.of("""
                    CREATE TABLE IF NOT EXISTS %1$s (
                      id BIGSERIAL PRIMARY KEY,
                      pipeline VARCHAR(200) NOT NULL,
                      priority BIGINT NOT NULL,
                      state SMALLINT NOT NULL,
                      run_at BIGINT NOT NULL,
                      ttr_ms BIGINT NOT NULL,
                      reserves INTEGER NOT NULL DEFAULT 0,
                      created_at BIGINT NOT NULL,
                      buried_at BIGINT,
                      last_error TEXT,
                      payload BYTEA NOT NULL)
                    WITH (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
                          autovacuum_vacuum_cost_delay = 0)""".formatted(table),
                    "CREATE INDEX IF NOT EXISTS %1$s_ready ON %1$s (pipeline, priority, id) WHERE state < 2"
                            .formatted(table),
                    "CREATE INDEX IF NOT EXISTS %1$s_buried ON %1$s (pipeline, buried_at, id) WHERE state = 2"
                            .formatted(table));
            default -> List.of("""
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
                    ) ENGINE=InnoDB""".formatted(table));
        };
    }
}
