package io.jobqueue.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.sqlite.JDBC;

/** Puts a SQLite database file in WAL mode once, before a pool opens it. */
final class SqliteWalMode {
    /** SQLite's result codes for a database another connection holds locked. */
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_IOERR = 10;

    private static final long RETRY_MILLIS = 20;
    private static final JDBC DRIVER = new JDBC();

    private SqliteWalMode() {}

    /**
     * Whether opening may have failed only because other connections were opening the same new file: it was
     * busy or locked, or an I/O error on its rollback journal, which the others create and delete under this
     * connection while they switch the file's journal mode (seen: IOERR_DELETE_NOENT, IOERR_FSTAT). A real I/O
     * error persists, and fails once the busy timeout has passed.
     */
    private static boolean racedWithAnotherOpener(SQLException e) {
        int primary = e.getErrorCode() & 0xFF;
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_IOERR;
    }

    /**
     * Puts the database in WAL mode (it stays so: the mode is kept in the file) and returns the connection that
     * did it, still open: the caller closes it once its pool holds a connection of its own, so the file never
     * has its last connection closed (which removes the WAL index) while others are opening it. Switching takes
     * an exclusive lock, and when several processes open one new file at once the losers see the file busy even
     * before a busy timeout applies: they wait and try again, as long as a write would wait, instead of
     * failing. A file that cannot be opened at all fails at once.
     */
    static Connection openInWalMode(String url, Duration busyTimeout) {
        long deadline = System.nanoTime() + busyTimeout.toNanos();
        Properties properties = new Properties();
        properties.setProperty("busy_timeout", String.valueOf(busyTimeout.toMillis()));
        while (true) {
            Connection c = null;
            try {
                // The driver itself, not DriverManager, which does not see a driver loaded by another class loader.
                c = DRIVER.connect(url, properties);
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA journal_mode=WAL");
                }
                return c;
            } catch (SQLException e) {
                closeQuietly(c);
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

    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // nothing was written through it after the switch
            }
        }
    }
}
