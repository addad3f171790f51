package io.jobqueue.tck;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables a JDBC queue on the jobs table {@code table} creates: the table itself and its companions. A test on a
 * shared server drops them all when it ends, so runs leave nothing behind.
 */
public final class QueueTables {
    /** Suffixes of the companion tables, after the jobs table itself (""); keep in step with queue-jdbc's schema. */
    public static final List<String> SUFFIXES = List.of("", "_schema", "_pipelines", "_workers", "_schedules", "_keys");

    private QueueTables() {}

    /** Drops the jobs table {@code table} and its companions, those that exist. */
    public static void dropIfExist(Statement s, String table) throws SQLException {
        for (String suffix : SUFFIXES) {
            s.execute("DROP TABLE IF EXISTS " + table + suffix);
        }
    }
}
