package io.jobqueue.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jobqueue.example.DomainLookup.Outcome;
import io.jobqueue.example.DomainReport.Named;
import io.jobqueue.tasks.StageState;
import io.jobqueue.tasks.Task;
import io.jobqueue.tasks.TaskStatus;
import io.jobqueue.tck.Await;
import io.jobqueue.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The domain-check task end to end on SQLite: split, one lookup child per name, report. */
class DomainCheckTaskTest {
    /**
     * A resolver that answers by the name's first label, the way host does: {@code up-*} resolves, {@code slow-*}
     * never answers, {@code broken-*} gets SERVFAIL, anything else NXDOMAIN. The name is an argument of the
     * script ($1), never part of its text.
     */
    static final List<String> FAKE_RESOLVER = List.of("/bin/sh", "-c", """
            case "$1" in
              up-*) echo "$1 has address 192.0.2.7"; echo "$1 has IPv6 address 2001:db8::7" ;;
              slow-*) sleep 10 ;;
              broken-*) echo "Host $1 not found: 2(SERVFAIL)"; exit 1 ;;
              *) echo "Host $1 not found: 3(NXDOMAIN)"; exit 1 ;;
            esac""", "fake-host", ResolverCommand.PLACEHOLDER);

    private ExampleTasks tasks;
    private Worker worker;

    @AfterEach
    void stop() throws Exception {
        if (worker != null) {
            worker.shutdown();
            worker.awaitTermination(Duration.ofSeconds(10));
        }
        if (tasks != null) {
            tasks.close();
        }
    }

    @Test
    void every_distinct_name_is_looked_up_once_and_the_report_sorts_them_by_outcome() throws Exception {
        Path dir = TestFiles.freshDir("domain-check");
        Path list = Files.writeString(dir.resolve("domains.txt"), String.join("\n",
                "# to check",
                "up-one.example",
                "Up-One.Example",
                "gone.example",
                "",
                "slow-one.example",
                "broken-dns.example",
                "not_a..domain",
                "not_a..domain",
                "https://up-two.example/path"));
        start(dir, new ResolverCommand(FAKE_RESOLVER), Duration.ofMillis(500));

        Task task = runToEnd(list);

        assertEquals(TaskStatus.COMPLETED, task.status(), String.valueOf(task.error()));
        DomainReport report = task.resultAs(DomainReport.class).orElseThrow();
        assertEquals(8, report.entries());
        assertEquals(5, report.distinct());
        assertEquals(2, report.duplicates());
        assertEquals(new DomainReport.Counts(2, 1, 2, 1, 0), report.counts());
        assertEquals(List.of(new Named("up-one.example", "192.0.2.7, 2001:db8::7"),
                new Named("up-two.example", "192.0.2.7, 2001:db8::7")), report.available());
        assertEquals(List.of(new Named("gone.example", "does not exist (NXDOMAIN)")), report.unavailable());
        assertEquals(List.of("slow-one.example", "broken-dns.example"),
                report.lookupFailed().stream().map(Named::domain).toList());
        assertTrue(report.lookupFailed().get(0).detail().startsWith("no answer within "), report.toString());
        assertEquals("resolver answered SERVFAIL", report.lookupFailed().get(1).detail());
        assertEquals(8, report.invalid().get(0).line());
        assertEquals(List.of(), report.failed());

        List<StageState> stages = tasks.manager.stages(task.id());
        assertEquals(List.of("split", "report"), stages.stream().map(StageState::name).toList());
        assertEquals(5, stages.get(0).progress().total());
        assertEquals(5, stages.get(0).progress().completed());
        assertEquals(List.of(TaskStatus.COMPLETED, TaskStatus.COMPLETED),
                stages.stream().map(StageState::status).toList());
    }

    @Test
    void a_resolver_program_that_cannot_run_fails_each_child_and_the_report_lists_them() throws Exception {
        Path dir = TestFiles.freshDir("domain-check-missing");
        Path list = Files.writeString(dir.resolve("domains.txt"), "a.example\nb.example\n");
        start(dir, new ResolverCommand(List.of(dir.resolve("no-such-host").toString())), Duration.ofSeconds(2));

        Task task = runToEnd(list);

        assertEquals(TaskStatus.COMPLETED, task.status(), "the report stage decides what failed children mean");
        DomainReport report = task.resultAs(DomainReport.class).orElseThrow();
        assertEquals(new DomainReport.Counts(0, 0, 0, 0, 2), report.counts());
        assertEquals("a.example", report.failed().get(0).domain());
        assertTrue(report.failed().get(0).detail().startsWith("io.jobqueue.example.CommandException: cannot run '"),
                report.failed().get(0).detail());
    }

    @Test
    void params_may_be_the_list_itself_as_the_dashboard_makes_of_an_uploaded_file() throws Exception {
        start(TestFiles.freshDir("domain-check-list"), new ResolverCommand(FAKE_RESOLVER), Duration.ofSeconds(2));

        Task task = runToEnd(List.of("up-one.example", "gone.example", "GONE.example", "not_a..domain"));

        assertEquals(TaskStatus.COMPLETED, task.status(), String.valueOf(task.error()));
        DomainReport report = task.resultAs(DomainReport.class).orElseThrow();
        assertEquals(null, report.file());
        assertEquals(4, report.entries());
        assertEquals(2, report.distinct());
        assertEquals(1, report.duplicates());
        assertEquals(new DomainReport.Counts(1, 1, 0, 1, 0), report.counts());
        assertEquals(4, report.invalid().get(0).line());

        Task bad = runToEnd(List.of(1, 2));
        assertEquals(TaskStatus.FAILED, bad.status());
        assertTrue(bad.error().contains("a list of domains holds strings only, got NUMBER"), bad.error());
    }

    /**
     * The real bind9-host, on whatever resolver this machine has (on the project's machines: no internet). Its
     * answer may be anything; the handler must turn it into one of the outcomes, never an exception.
     */
    @Test
    void the_real_host_command_gives_an_outcome_for_every_name_whatever_the_resolver_says() throws Exception {
        ResolverCommand host = ResolverCommand.defaults();
        try {
            host.requireProgram();
        } catch (UsageException e) {
            fail(e.getMessage() + ": scripts/test.sh installs it");
        }
        Path dir = TestFiles.freshDir("domain-check-host");
        Path list = Files.writeString(dir.resolve("domains.txt"), "localhost\nexample.com\nno-such-name.invalid\n");
        start(dir, host, ExampleTasks.DEFAULT_LOOKUP_TIMEOUT);

        Task task = runToEnd(list);

        assertEquals(TaskStatus.COMPLETED, task.status(), String.valueOf(task.error()));
        DomainReport report = task.resultAs(DomainReport.class).orElseThrow();
        DomainReport.Counts c = report.counts();
        assertEquals(3, c.available() + c.unavailable() + c.lookupFailed(), report.toString());
        assertEquals(0, c.failed(), report.toString());
        for (Task child : tasks.manager.list(io.jobqueue.tasks.TaskQuery.all().childrenOf(task.id()))) {
            DomainLookup lookup = child.resultAs(DomainLookup.class).orElseThrow();
            assertTrue(Set.of(Outcome.values()).contains(lookup.outcome()), lookup.toString());
        }
    }

    private void start(Path dir, ResolverCommand resolver, Duration lookupTimeout) {
        Args args = Args.parse("test", List.of("--url", TestFiles.sqliteUrl(dir)), Set.of("url"));
        tasks = ExampleTasks.open(args, new CommandRunner(lookupTimeout), resolver);
        worker = tasks.manager.workerBuilder().concurrency(4).backoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .reserveTimeout(Duration.ofMillis(100)).build();
        worker.start();
    }

    private Task runToEnd(Path list) {
        return runToEnd(new DomainCheckTask.Params(list.toString()));
    }

    private Task runToEnd(Object params) {
        long id = tasks.manager.queue(DomainCheckTask.NAME, params).id();
        Await.until("task " + id + " finishes", () -> tasks.manager.getTask(id).status().isFinished());
        return tasks.manager.getTask(id);
    }
}
