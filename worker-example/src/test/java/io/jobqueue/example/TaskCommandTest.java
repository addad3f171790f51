package io.jobqueue.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.beanstalkd.BeanstalkdProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The {@code task} commands of the example jar, on a fresh SQLite file each: no server. */
class TaskCommandTest {
    /** A resolver that answers NXDOMAIN at once, without a network: /bin/echo with the words host prints. */
    static final List<String> FAST_RESOLVER = List.of("--resolver", "/bin/echo", "--resolver", "Host",
            "--resolver", ResolverCommand.PLACEHOLDER, "--resolver", "not found: 3(NXDOMAIN)");

    /** Issue 11's "done when": 20 to 30 s on a busy 2-core machine (SQLite, one process per lookup). */
    @Test
    @Tag("slow")
    void a_file_of_1000_lines_with_100_repeats_is_reported_as_900_distinct_names() throws Exception {
        Path dir = TestFiles.freshDir("task-1000");
        Path file = dir.resolve("domains.txt");
        List<String> lines = new ArrayList<>();
        IntStream.rangeClosed(1, 900).mapToObj(i -> "host-" + i + ".example").forEach(lines::add);
        IntStream.rangeClosed(1, 100).mapToObj(i -> "host-" + (i * 9) + ".example").forEach(lines::add);
        Files.write(file, lines, StandardCharsets.UTF_8);
        String url = TestFiles.sqliteUrl(dir);

        long start = System.nanoTime();
        MainRun run = MainRun.of(Stream.concat(Stream.of("task", "run", "domain-check", "--file", file.toString(),
                "--url", url), FAST_RESOLVER.stream()).toArray(String[]::new));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;

        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(seconds < 60, "took " + seconds + " s");
        assertTrue(run.out().contains("report: 1000 entries in " + file + ": 900 distinct names, repeats removed: 100"),
                run.out());
        assertTrue(run.out().contains("  unavailable        900"), run.out());
        assertTrue(run.out().contains("  available            0"), run.out());
        assertTrue(run.out().contains("  split        COMPLETED         900          0        900"), run.out());

        long id = Long.parseLong(run.out().lines().findFirst().orElseThrow().split(" ")[1]);
        MainRun json = MainRun.of("task", "status", String.valueOf(id), "--json", "--url", url);
        assertEquals(0, json.code(), json.err());
        assertTrue(json.out().contains("\"distinct\" : 900"), json.out());
        assertTrue(json.out().contains("\"domain\" : \"host-900.example\""), json.out());
    }

    @Test
    void run_starts_the_task_works_it_here_and_prints_the_report() throws Exception {
        Path dir = TestFiles.freshDir("task-run");
        Path file = Files.write(dir.resolve("domains.txt"), List.of("a.example", "b.example", "not_a..name",
                "A.example", "c.example"), StandardCharsets.UTF_8);

        MainRun run = MainRun.of(Stream.concat(Stream.of("task", "run", "domain-check", "--file", file.toString(),
                "--url", TestFiles.sqliteUrl(dir)), FAST_RESOLVER.stream()).toArray(String[]::new));

        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("domain-check: COMPLETED (attempts 2)"), run.out());
        assertTrue(run.out().contains("  split        COMPLETED           3          0          3"), run.out());
        assertTrue(run.out().contains("  report       COMPLETED           -          -          -"), run.out());
        assertTrue(run.out().contains("report: 5 entries in " + file + ": 3 distinct names, repeats removed: 1"),
                run.out());
        assertTrue(run.out().contains("  unavailable          3\n      a.example: does not exist (NXDOMAIN)\n"),
                run.out());
        assertTrue(run.out().contains("  invalid              1\n      line 3: not a domain name: 'not_a..name'"),
                run.out());
    }

    @Test
    void run_on_beanstalkd_keeps_the_task_in_a_store_of_its_own_and_prints_the_report() throws Exception {
        Path dir = TestFiles.freshDir("task-beanstalkd");
        Path file = Files.write(dir.resolve("domains.txt"), List.of("a.example", "b.example", "a.example"),
                StandardCharsets.UTF_8);
        String store = TestFiles.sqliteUrl(dir);
        try (BeanstalkdProcess server = BeanstalkdProcess.startOrUseEnvironment()) {
            MainRun run = MainRun.of(Stream.concat(Stream.of("task", "run", "domain-check", "--file", file.toString(),
                    "--url", server.url(), "--store-url", store), FAST_RESOLVER.stream()).toArray(String[]::new));

            assertEquals(0, run.code(), run.out() + run.err());
            assertTrue(run.out().contains("  split        COMPLETED           2          0          2"), run.out());
            assertTrue(run.out().contains("report: 3 entries in " + file + ": 2 distinct names, repeats removed: 1"),
                    run.out());

            long id = Long.parseLong(run.out().lines().findFirst().orElseThrow().split(" ")[1]);
            MainRun status = MainRun.of("task", "status", String.valueOf(id), "--url", server.url(), "--store-url",
                    store);
            assertEquals(0, status.code(), status.err());
            assertTrue(status.out().startsWith("task " + id + " domain-check: COMPLETED"), status.out());
        }
    }

    @Test
    void start_prints_the_id_status_shows_each_stage_and_list_shows_the_task() throws Exception {
        Path dir = TestFiles.freshDir("task-start");
        Path file = Files.writeString(dir.resolve("domains.txt"), "a.example\nb.example\na.example\n");
        String url = TestFiles.sqliteUrl(dir);

        MainRun started = MainRun.of("task", "start", "domain-check", "--file", file.toString(), "--url", url);
        assertEquals(0, started.code(), started.err());
        long id = Long.parseLong(started.out().strip());

        MainRun status = MainRun.of("task", "status", String.valueOf(id), "--url", url);
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().startsWith("task " + id + " domain-check: QUEUED (attempts 0)"), status.out());
        assertTrue(status.out().contains("\"file\":\"" + file.toAbsolutePath() + "\""), status.out());
        assertTrue(status.out().contains("  0   split        pending"), status.out());
        assertTrue(status.out().contains("  1   report       pending"), status.out());

        MainRun list = MainRun.of("task", "list", "--url", url);
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(id + " ") && l.contains("domain-check")
                && l.contains("QUEUED")), list.out());
        assertTrue(list.out().contains("1 of 1 tasks"), list.out());

        MainRun none = MainRun.of("task", "list", "--status", "completed", "--url", url);
        assertTrue(none.out().contains("(no task)"), none.out());
    }

    @Test
    void bad_command_lines_are_usage_errors_that_say_what_is_wrong() throws Exception {
        Path dir = TestFiles.freshDir("task-usage");
        Path file = Files.writeString(dir.resolve("domains.txt"), "a.example\n");
        String url = TestFiles.sqliteUrl(dir);

        assertUsage("no task named 'nope'", "task", "start", "nope", "--file", file.toString(), "--url", url);
        assertUsage("option --file is required", "task", "start", "domain-check", "--url", url);
        assertUsage("is not a readable file", "task", "start", "domain-check", "--file", dir.resolve("missing.txt")
                .toString(), "--url", url);
        assertUsage("give --store-url", "task", "start", "domain-check", "--file", file.toString(), "--url",
                "beanstalkd://127.0.0.1:1");
        assertUsage("--store-url must be a JDBC URL", "task", "start", "domain-check", "--file", file.toString(),
                "--url", "beanstalkd://127.0.0.1:1", "--store-url", "tasks.db");
        assertUsage("the store must be the queue's database", "task", "start", "domain-check", "--file",
                file.toString(), "--url", url, "--store-url", TestFiles.sqliteUrl(TestFiles.freshDir("task-other")));
        assertUsage("a task id is a positive whole number", "task", "status", "x1", "--url", url);
        assertUsage("needs a task id", "task", "status", "--url", url);
        assertUsage("--status must be one of", "task", "list", "--status", "done", "--url", url);
        assertUsage("unknown subcommand 'stop'", "task", "stop");
        assertUsage("resolver program '/nonexistent/host' is not an executable file", "task", "run", "domain-check",
                "--file", file.toString(), "--url", url, "--resolver", "/nonexistent/host");
        assertUsage("resolver program 'no-such-resolver-jq' is not on PATH", "task", "work", "--url", url,
                "--resolver", "no-such-resolver-jq");
    }

    @Test
    void status_of_an_unknown_task_is_an_error() throws Exception {
        String url = TestFiles.sqliteUrl(TestFiles.freshDir("task-unknown"));
        MainRun run = MainRun.of("task", "status", "42", "--url", url);
        assertEquals(1, run.code());
        assertTrue(run.err().contains("42"), run.err());
    }

    private static void assertUsage(String expected, String... args) {
        MainRun run = MainRun.of(args);
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().contains(expected), run.err());
    }

}
