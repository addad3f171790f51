package io.jobqueue.jdbc;

import io.jobqueue.BackendException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Runs work on a pooled connection, in autocommit or in one transaction, and tries again when the database
 * rolled the work back for a reason that passes (deadlock, serialisation failure, SQLite busy). Errors are
 * classified by SQLState and vendor code, never by message text.
 *
 * <p>On a database across a network every read from the server is bounded by the network timeout (JDBC's
 * {@link Connection#setNetworkTimeout}, which every driver here implements as a socket timeout): a server that
 * stops answering fails the call after that long, and the pool drops the connection, instead of holding the
 * calling thread forever.
 */
final class Sql {
    private static final int ATTEMPTS = 20;
    /** Drivers here apply a network timeout at once; none needs a thread of its own for it. */
    private static final Executor IN_CALLER = Runnable::run;

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final int networkTimeoutMillis;
    /** Taken around every write where the database has one writer at a time (see {@link Dialect#writeLock}). */
    private final ReentrantLock writeLock;

    /** @param networkTimeout bounds each read from the server; {@link Duration#ZERO} for an embedded database */
    Sql(DataSource dataSource, Dialect dialect, Duration networkTimeout) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.networkTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, networkTimeout.toMillis());
        this.writeLock = autocommit("finding the database's writers", dialect::writeLock);
    }

    /** Runs {@code work} with autocommit on: for reads, and statements that change no rows. */
    <T> T autocommit(String what, Work<T> work) {
        return attempt(what, Mode.AUTOCOMMIT, work);
    }

    /** Runs {@code work}, one statement that writes, with autocommit on. */
    <T> T write(String what, Work<T> work) {
        return attempt(what, Mode.WRITE, work);
    }

    /** Runs {@code work} in one transaction, committed when it returns. */
    <T> T transaction(String what, Work<T> work) {
        return attempt(what, Mode.TRANSACTION, work);
    }

    /**
     * Runs {@code work} in one transaction whose commit need not wait for the disk ({@link
     * Dialect#relaxDurability}): for reserves and acknowledgements only, which a crash may undo but never turn
     * into a lost job.
     */
    <T> T relaxedTransaction(String what, Work<T> work) {
        return attempt(what, Mode.RELAXED, work);
    }

    private enum Mode { AUTOCOMMIT, WRITE, TRANSACTION, RELAXED }

    private <T> T attempt(String what, Mode mode, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                return bounded(c, mode, work);
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !dialect.isTransient(e)) {
                    throw failure(what, e);
                }
                backOff(attempt);
            }
        }
    }

    /** Runs the work under the network timeout, then gives the connection back with the timeout it had. */
    private <T> T bounded(Connection c, Mode mode, Work<T> work) throws SQLException {
        if (networkTimeoutMillis == 0) {
            return run(c, mode, work);
        }
        int before = c.getNetworkTimeout();
        c.setNetworkTimeout(IN_CALLER, networkTimeoutMillis);
        try {
            return run(c, mode, work);
        } finally {
            try {
                c.setNetworkTimeout(IN_CALLER, before);
            } catch (SQLException brokenConnection) {
                // the pool discards a broken connection; the work's own outcome stands
            }
        }
    }

    private <T> T run(Connection c, Mode mode, Work<T> work) throws SQLException {
        if (mode == Mode.AUTOCOMMIT || writeLock == null) {
            return writes(c, mode, work);
        }
        // Held until the connection is back in autocommit: SQLite's driver begins the next transaction at each
        // commit and ends it only there.
        writeLock.lock();
        try {
            return writes(c, mode, work);
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T writes(Connection c, Mode mode, Work<T> work) throws SQLException {
        return switch (mode) {
            case AUTOCOMMIT, WRITE -> work.run(c);
            case TRANSACTION -> inTransaction(c, work, false);
            case RELAXED -> dialect.relaxedAround(c, () -> inTransaction(c, work, true));
        };
    }

    private <T> T inTransaction(Connection c, Work<T> work, boolean relaxed) throws SQLException {
        c.setAutoCommit(false);
        try {
            if (relaxed) {
                dialect.relaxDurability(c);
            }
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
