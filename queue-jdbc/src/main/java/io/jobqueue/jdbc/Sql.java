package io.jobqueue.jdbc;

import io.jobqueue.BackendException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * Runs work on a pooled connection, in autocommit or in one transaction, and tries again when the database
 * rolled the work back for a reason that passes (deadlock, serialisation failure, SQLite busy). Errors are
 * classified by SQLState and vendor code, never by message text.
 */
final class Sql {
    private static final int ATTEMPTS = 20;

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final Dialect dialect;

    Sql(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** Runs {@code work} with autocommit on: for single statements. */
    <T> T autocommit(String what, Work<T> work) {
        return attempt(what, false, work);
    }

    /** Runs {@code work} in one transaction, committed when it returns. */
    <T> T transaction(String what, Work<T> work) {
        return attempt(what, true, work);
    }

    private <T> T attempt(String what, boolean transaction, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                return transaction ? inTransaction(c, work) : work.run(c);
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !dialect.isTransient(e)) {
                    throw failure(what, e);
                }
                backOff(attempt);
            }
        }
    }

    private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    BackendException failure(String what, SQLException e) {
        return new BackendException(what + " failed on " + dialect.name() + " (SQLState " + e.getSQLState()
                + ", code " + e.getErrorCode() + "): " + e.getMessage(), e);
    }

    private static void backOff(int attempt) {
        long millis = ThreadLocalRandom.current().nextLong(1, 1L + Math.min(200, 2L << Math.min(attempt, 7)));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while retrying", e);
        }
    }
}
