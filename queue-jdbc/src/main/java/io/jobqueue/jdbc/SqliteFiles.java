package io.jobqueue.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.sqlite.JDBC;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What a SQLite database file needs once, before a pool opens it. */
final class SqliteFiles {
    /** SQLite's result codes for a database another connection holds locked. */
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    private static final long RETRY_MILLIS = 20;
    private static final JDBC DRIVER = new JDBC();

    private SqliteFiles() {}

    /**
     * Whether opening failed only because another connection was opening the same new file: it was busy or
     * locked, or (an extended result code) the rollback journal this connection was about to delete while
     * switching the journal mode had just been deleted by the other. The file is fine; trying again succeeds.
     */
    private static boolean racedWithAnotherOpener(SQLException e) {
        if (e instanceof SQLiteException sqlite
                && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_IOERR_DELETE_NOENT) {
            return true;
        }
        int primary = e.getErrorCode() & 0xFF;
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    }

    /**
     * Puts the database in WAL mode (it stays so: the mode is kept in the file). Switching takes an exclusive
     * lock, and when several processes open one new file at once the losers see the file busy even before a
     * busy timeout applies: they wait and try again, as long as a write would wait, instead of failing. A file
     * that cannot be opened at all fails at once.
     */
    static void switchToWal(String url, Duration busyTimeout) {
        long deadline = System.nanoTime() + busyTimeout.toNanos();
        Properties properties = new Properties();
        properties.setProperty("busy_timeout", String.valueOf(busyTimeout.toMillis()));
        while (true) {
            // The driver itself, not DriverManager, which does not see a driver loaded by another class loader.
            try (Connection c = DRIVER.connect(url, properties); Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                return;
            } catch (SQLException e) {
                if (!racedWithAnotherOpener(e) || System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("opening the database file (to switch it to WAL mode) failed: "
                            + e.getMessage(), e);
                }
            }
            try {
                Thread.sleep(RETRY_MILLIS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while opening the database file", interrupted);
            }
        }
    }
}
