package io.jobqueue.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per SQLite database file in this JVM, which the library's writers on that file take around each write
 * (the queue's and the task store's pools alike).
 *
 * <p>SQLite lets one connection write at a time. A connection that finds the file locked sleeps in SQLite's busy
 * handler (1, 2, 5, 10 ms and longer, up to the busy timeout) before it tries again, so the writers of one process
 * spend those sleeps waiting while the file is free again after a fraction of a millisecond. Queued on this lock
 * instead, the next writer of the process starts as soon as the last one is done. Writers in other processes
 * still meet on the file, under the busy timeout; the lock only orders the writers of this one.
 *
 * <p>Fair: a writer that has waited longest goes next, so a stream of reserves and acknowledgements cannot keep
 * an add waiting.
 */
public final class SqliteWriteLock {
    private static final ConcurrentHashMap<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private SqliteWriteLock() {}

    /**
     * The lock of the file {@code c} has open as its main database; null for an in-memory or temporary database,
     * which no other pool can open.
     */
    public static ReentrantLock of(Connection c) throws SQLException {
        String file;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT file FROM pragma_database_list WHERE name = 'main'")) {
            file = rs.next() ? rs.getString(1) : null;
        }
        if (file == null || file.isEmpty()) {
            return null;
        }
        return LOCKS.computeIfAbsent(canonical(file), key -> new ReentrantLock(true));
    }

    /** One name per file, however it was reached (relative path, symbolic link). */
    private static String canonical(String file) {
        Path path = Path.of(file).toAbsolutePath().normalize();
        try {
            return path.toRealPath().toString();
        } catch (IOException e) {
            return path.toString();
        }
    }
}
