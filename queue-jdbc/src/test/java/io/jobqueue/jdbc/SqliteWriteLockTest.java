package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jobqueue.internal.SqliteWriteLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue's pool and the task store's pool find one lock for one database file, however each names the file,
 * so the writers of one process queue on it rather than in SQLite's busy handler.
 */
class SqliteWriteLockTest {
    @TempDir
    Path dir;

    @Test
    void one_file_reached_by_different_names_has_one_lock() throws Exception {
        Path file = dir.resolve("jobs.db");
        Path link = Files.createSymbolicLink(dir.resolve("link.db"), file);
        Path relative = Path.of("").toAbsolutePath().relativize(file);
        ReentrantLock absolute = lockOf("jdbc:sqlite:" + file);
        assertNotNull(absolute);
        assertSame(absolute, lockOf("jdbc:sqlite:" + link));
        assertSame(absolute, lockOf("jdbc:sqlite:" + relative));
        assertSame(absolute, lockOf("jdbc:sqlite:file:" + file + "?cache=private"));
    }

    @Test
    void another_file_has_another_lock() throws Exception {
        assertNotSame(lockOf("jdbc:sqlite:" + dir.resolve("a.db")), lockOf("jdbc:sqlite:" + dir.resolve("b.db")));
    }

    @Test
    void an_in_memory_database_has_none() throws Exception {
        assertNull(lockOf("jdbc:sqlite::memory:"));
    }

    private static ReentrantLock lockOf(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            return SqliteWriteLock.of(c);
        }
    }
}
