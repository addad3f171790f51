package io.jobqueue.jdbc;

import io.jobqueue.BackendException;
import io.jobqueue.InvalidInputException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates the jobs table at the current schema version, or upgrades an older one, on first use. A schema table
 * records the version; a lock per dialect (an advisory lock, a named lock, SQLite's write lock) makes many
 * workers starting at once safe.
 */
final class Schema {
    private Schema() {}

    static void ensure(Sql sql, Dialect dialect, Table table) {
        sql.autocommit("creating the schema of " + table.name(), c -> {
            c.setAutoCommit(false);
            try {
                dialect.lockSchema(c, table);
                createOrUpgrade(c, dialect, table);
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

    private static void createOrUpgrade(Connection c, Dialect dialect, Table table) throws SQLException {
        requireOwnTable(table, dialect.columns(c, table));
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table.schemaSql() + " (version INTEGER NOT NULL)");
            int current;
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + table.schemaSql())) {
                current = rs.next() ? rs.getInt(1) : 0;
            }
            if (current > Dialect.SCHEMA_VERSION) {
                throw new BackendException("table " + table.name() + " has schema version " + current
                        + ", newer than this library's " + Dialect.SCHEMA_VERSION + ": upgrade jobqueue");
            }
            if (current == 0 && !dialect.hasColumn(c, table, "id")) {
                for (String statement : dialect.createAll(table)) {
                    s.execute(statement);
                }
                record(c, table, Dialect.SCHEMA_VERSION);
                return;
            }
            // A jobs table with no version recorded was cut short while a release created it (on MySQL DDL
            // commits at once): it is at least version 1, and every upgrade step may run again.
            for (int version = Math.max(current, 1) + 1; version <= Dialect.SCHEMA_VERSION; version++) {
                dialect.upgrade(c, table, version);
                record(c, table, version);
            }
        }
    }

    /**
     * Refuses a table that exists but is not one this library made (the {@code table} option pointed at another
     * table), before anything is created or altered: upgrading it would change a table jobqueue does not own.
     */
    static void requireOwnTable(Table table, Set<String> columns) {
        if (columns.isEmpty()) {
            return; // no such table yet
        }
        Set<String> foreign = new TreeSet<>(columns);
        foreign.removeAll(Dialect.OWN_COLUMNS);
        Set<String> missing = new TreeSet<>(Dialect.VERSION_1_COLUMNS);
        missing.removeAll(columns);
        if (!foreign.isEmpty() || !missing.isEmpty()) {
            throw new InvalidInputException("table " + table.name() + " exists but was not created by jobqueue"
                    + (foreign.isEmpty() ? "" : ": it has columns jobqueue does not create " + foreign)
                    + (missing.isEmpty() ? "" : (foreign.isEmpty() ? ": " : "; ") + "it lacks the columns " + missing)
                    + "; nothing was changed. Set the 'table' option to a table of jobqueue's own");
        }
    }

    private static void record(Connection c, Table table, int version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table.schemaSql() + " (version) VALUES (?)")) {
            ps.setInt(1, version);
            ps.executeUpdate();
        }
    }
}
