package io.jobqueue.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Commits that append to SQLite's write-ahead log without waiting for the disk, for transactions whose loss in a
 * power cut costs a repeat and never a job or a task (a reserve, an acknowledgement, a batch of claims or
 * completions): {@code synchronous = NORMAL} on the connection for one transaction, set before it begins
 * (SQLite refuses the change inside one) and put back after it.
 *
 * <p>In WAL mode a crash of the process loses nothing (the log is written before the commit returns); a power loss
 * or an operating system crash can undo the last such commits, and only those after the last commit that did wait:
 * every durable commit syncs the whole log, theirs included, and recovery keeps a prefix of the log. Only in WAL
 * mode, where NORMAL cannot corrupt the database, and only where the connection's level is FULL or above, which is
 * what gets put back.
 */
public final class SqliteRelaxedCommit {
    /** {@code PRAGMA synchronous} levels. */
    private static final int NORMAL = 1;
    private static final int FULL = 2;
    /** What {@link #relax} returns when it changed nothing. */
    public static final int UNCHANGED = -1;

    private SqliteRelaxedCommit() {}

    /**
     * Lowers the connection (in autocommit, between transactions) to {@code synchronous = NORMAL} when it is in
     * WAL mode at FULL or above; returns the level for {@link #restore}, or {@link #UNCHANGED}.
     */
    public static int relax(Connection c) throws SQLException {
        int level;
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM pragma_synchronous, pragma_journal_mode");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            level = "wal".equalsIgnoreCase(rs.getString(2)) ? rs.getInt(1) : 0;
        }
        if (level < FULL) {
            return UNCHANGED;
        }
        synchronous(c, NORMAL);
        return level;
    }

    /** Puts back the level {@link #relax} returned, once the transaction has ended. */
    public static void restore(Connection c, int level) throws SQLException {
        if (level != UNCHANGED) {
            synchronous(c, level);
        }
    }

    private static void synchronous(Connection c, int level) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA synchronous = " + level);
        }
    }
}
