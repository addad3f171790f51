package io.jobqueue.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/** Clears what an earlier demo run left, so each run starts fresh. */
final class DemoFiles {
    private DemoFiles() {}

    /**
     * Deletes the database file of a {@code jdbc:sqlite:FILE} URL and its WAL and shared-memory files; returns
     * false (and deletes nothing) for any other URL.
     */
    static boolean deleteSqliteDatabase(String url) throws IOException {
        if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:sqlite:")) {
            return false;
        }
        String file = url.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.startsWith("file:")) {
            file = file.substring("file:".length());
        }
        if (file.isEmpty() || file.contains(":memory:")) {
            return true;
        }
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        return true;
    }

    /** Deletes the results file and the messages in the outbox of an earlier run; nothing else. */
    static void deleteOutputs(Path outDir) throws IOException {
        Files.deleteIfExists(outDir.resolve(SampleHandlers.DEFAULT_RESULTS));
        Path outbox = outDir.resolve(SampleHandlers.DEFAULT_OUTBOX);
        if (Files.isDirectory(outbox)) {
            try (Stream<Path> messages = Files.list(outbox)) {
                for (Path message : messages.filter(p -> p.getFileName().toString().endsWith(".eml")).toList()) {
                    Files.delete(message);
                }
            }
        }
    }
}
