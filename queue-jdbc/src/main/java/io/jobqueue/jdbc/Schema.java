package io.jobqueue.jdbc;

import io.jobqueue.BackendException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates or upgrades the jobs table on first use. A schema table records the version; a lock per dialect
 * (an advisory lock, a named lock, SQLite's write lock) makes many workers starting at once safe.
 */
final class Schema {
    private Schema() {}

    static void ensure(Sql sql, Dialect dialect, Table table) {
        sql.autocommit("creating the schema of " + table.name(), c -> {
            c.setAutoCommit(false);
            try {
                dialect.lockSchema(c, table);
                migrate(c, dialect, table);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                // After the commit: a lock that outlives the transaction (MySQL's named lock) must not let the
                // next starter read the schema version before this one's last changes are visible.
                try {
                    dialect.unlockSchema(c, table);
                } finally {
                    c.setAutoCommit(true);
                }
            }
            return null;
        });
    }

    private static void migrate(Connection c, Dialect dialect, Table table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table.schemaTable() + " (version INTEGER NOT NULL)");
            int current;
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + table.schemaTable())) {
                current = rs.next() ? rs.getInt(1) : 0;
            }
            if (current > Dialect.SCHEMA_VERSION) {
                throw new BackendException("table " + table.name() + " has schema version " + current
                        + ", newer than this library's " + Dialect.SCHEMA_VERSION + ": upgrade jobqueue");
            }
            for (int version = current + 1; version <= Dialect.SCHEMA_VERSION; version++) {
                for (String statement : dialect.migration(version, table)) {
                    s.execute(statement);
                }
                s.execute("INSERT INTO " + table.schemaTable() + " (version) VALUES (" + version + ")");
            }
        }
    }
}
