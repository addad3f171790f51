package io.jobqueue.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fresh directories under target/ for tests that use real files and SQLite databases. */
final class TestFiles {
    private TestFiles() {}

    static Path freshDir(String name) throws IOException {
        Path dir = Path.of("target", "test-work", name + "-" + System.nanoTime()).toAbsolutePath();
        return Files.createDirectories(dir);
    }

    static String sqliteUrl(Path dir) {
        return "jdbc:sqlite:" + dir.resolve("jobs.db");
    }
}
