package io.jobqueue.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fresh SQLite database files for tests, under {@code target/sqlite} of the module being tested. */
public final class SqliteFiles {
    private SqliteFiles() {}

    /** The URL of a SQLite file no other test uses (the file itself is created on first connect). */
    public static String freshUrl(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "sqlite"));
            Path file = Files.createTempFile(dir, name + "-", ".db");
            Files.delete(file);
            return "jdbc:sqlite:" + file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
