package io.jobqueue.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where a command's queue URL comes from, so a password need not be a command-line argument. */
class QueueConnectionsTest {
    private static final Set<String> OPTIONS = Set.of("url", "url-file", "option");
    private static final Map<String, String> ENV = Map.of("JOBQUEUE_URL", "jdbc:postgresql://db/q?password=env");

    private static Args args(String... words) {
        return Args.parse("work", List.of(words), OPTIONS);
    }

    @Test
    void the_url_option_comes_first_then_the_file_then_the_environment_then_the_default() throws Exception {
        Path file = TestFiles.freshDir("url-file").resolve("url");
        Files.writeString(file, "\n  jdbc:mariadb://db/q?password=file  \nignored\n");
        assertEquals("jdbc:sqlite:x.db", QueueConnections.url(args("--url", "jdbc:sqlite:x.db"), ENV));
        assertEquals("jdbc:mariadb://db/q?password=file", QueueConnections.url(args("--url-file", file.toString()), ENV));
        assertEquals("jdbc:postgresql://db/q?password=env", QueueConnections.url(args(), ENV));
        assertEquals(QueueConnections.DEFAULT_URL, QueueConnections.url(args(), Map.of()));
    }

    @Test
    void a_missing_or_empty_url_file_and_both_url_options_at_once_are_refused() throws Exception {
        Path dir = TestFiles.freshDir("url-file-bad");
        Path empty = Files.writeString(dir.resolve("empty"), "\n \n");
        assertTrue(assertThrows(UsageException.class, () -> QueueConnections.url(args("--url-file",
                empty.toString()), ENV)).getMessage().contains("holds no URL"));
        assertTrue(assertThrows(UsageException.class, () -> QueueConnections.url(args("--url-file",
                dir.resolve("missing").toString()), ENV)).getMessage().contains("cannot read"));
        assertTrue(assertThrows(UsageException.class, () -> QueueConnections.url(args("--url", "a", "--url-file",
                empty.toString()), ENV)).getMessage().contains("not both"));
    }
}
