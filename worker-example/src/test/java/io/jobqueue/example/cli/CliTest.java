package io.jobqueue.example.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.PipelineLimits;
import io.jobqueue.Recurrence;
import io.jobqueue.tck.Await;
import io.jobqueue.tck.SqliteFiles;
import io.jobqueue.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every {@code jobqueue} command against a real SQLite file: what it prints, what it changes, its exit code. */
class CliTest {
    private String url;
    private JobQueue queue;

    @BeforeEach
    void open() {
        url = SqliteFiles.freshUrl("cli");
        queue = JobQueue.connect(url);
    }

    @AfterEach
    void close() {
        queue.close();
    }

    private CliRun run(String... args) {
        return CliRun.of(withUrl(args));
    }

    private String[] withUrl(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--url";
        all[args.length + 1] = url;
        return all;
    }

    @Nested
    class Stats {
        @Test
        void counts_each_pipeline_per_state_with_its_pause_and_limits() {
            queue.selectPipeline("later").addJobs(List.of("a", "b", "c"), JobOptions.defaults().withDelay(
                    Duration.ofHours(1)));
            queue.selectPipeline("now").addJobs(List.of("x", "y"));
            queue.pause("now");
            queue.setLimits("now", new PipelineLimits(4, 0));
            CliRun run = run("stats");
            assertEquals(ExitCode.OK, run.code(), run::toString);
            assertTrue(run.out().matches("(?s).*\\nlater\\s+0\\s+3\\s+0\\s+0\\s+3\\n.*"), run::toString);
            assertTrue(run.out().matches("(?s).*\\nnow\\s+2\\s+0\\s+0\\s+0\\s+2\\s+paused, at most 4 running\\n.*"),
                    run::toString);
            assertTrue(run.out().contains("(no worker recorded)"), run::toString);
        }

        @Test
        void json_holds_the_counts_and_the_live_workers() throws Exception {
            queue.selectPipeline("emails").addJobs(List.of("a", "b"));
            queue.pause("emails");
            try (Worker worker = Worker.builder(queue).registerWorker("other", job -> { }).concurrency(2)
                    .heartbeatInterval(Duration.ofMillis(200)).build()) {
                worker.start();
                Await.until("the worker is recorded", () -> !queue.listWorkers().isEmpty());
                JsonNode doc = run("stats", "--json").json();
                JsonNode emails = doc.get("pipelines").get(0);
                assertEquals("emails", emails.get("pipeline").asText());
                assertEquals(2, emails.get("ready").asLong());
                assertEquals(2, emails.get("total").asLong());
                assertTrue(emails.get("paused").asBoolean());
                assertEquals(0, emails.get("limits").get("maxRunning").asInt());
                JsonNode w = doc.get("workers").get(0);
                assertEquals(worker.id(), w.get("id").asText());
                assertTrue(w.get("alive").asBoolean());
                assertEquals(ProcessHandle.current().pid(), w.get("pid").asLong());
                assertEquals(2, w.get("handlers").asInt());
            }
        }

        @Test
        void the_example_jars_stats_command_is_the_same_command() {
            queue.selectPipeline("p").addJob("a");
            CliRun run = CliRun.of("stats", "--url", url, "--pipeline", "p", "--json");
            assertEquals(1, run.json().get("pipelines").get(0).get("ready").asLong(), run::toString);
        }
    }

    @Nested
    class Peek {
        @Test
        void by_id_shows_the_job_in_any_state_without_reserving_it() {
            long id = queue.selectPipeline("p").addJob("hello wörld");
            CliRun run = run("peek", Long.toString(id));
            assertEquals(ExitCode.OK, run.code(), run::toString);
            assertTrue(run.out().contains("state     ready"), run::toString);
            assertTrue(run.out().contains("hello wörld"), run::toString);
            JsonNode job = run("peek", Long.toString(id), "--json").json();
            assertEquals(id, job.get("id").asLong());
            assertEquals("p", job.get("pipeline").asText());
            assertEquals("hello wörld", job.get("payload").asText());
            assertEquals(0, job.get("reserves").asInt());
            assertEquals(1, queue.stats("p").ready(), "a peek reserves nothing");
        }

        @Test
        void the_next_buried_job_of_a_pipeline_with_its_error() {
            JobQueue p = queue.selectPipeline("p");
            p.addJob("first");
            Job job = p.watchPipeline("p").getNextJobAndReserve(Duration.ZERO).orElseThrow();
            p.bury(job, 5, "boom");
            JsonNode buried = run("peek", "--pipeline", "p", "--state", "buried", "--json").json();
            assertEquals(job.id(), buried.get("id").asLong());
            assertEquals("buried", buried.get("state").asText());
            assertEquals("boom", buried.get("lastError").asText());
        }

        @Test
        void a_payload_that_is_not_text_is_shown_in_base64() {
            long id = queue.selectPipeline("p").addJob(new byte[] {(byte) 0xff, 0, 1});
            assertEquals("/wAB", run("peek", Long.toString(id), "--json").json().get("payloadBase64").asText());
        }

        @Test
        void nothing_there_exits_1() {
            CliRun unknown = run("peek", "999");
            assertEquals(ExitCode.NOT_FOUND, unknown.code(), unknown::toString);
            assertTrue(unknown.err().contains("no job 999"), unknown::toString);
            CliRun empty = run("peek", "--pipeline", "p", "--state", "delayed");
            assertEquals(ExitCode.NOT_FOUND, empty.code(), empty::toString);
            assertTrue(empty.err().contains("no delayed job in pipeline p"), empty::toString);
        }
    }

    @Nested
    class Kick {
        @Test
        void by_id_makes_a_buried_job_ready() {
            long id = buryOne("p");
            CliRun run = run("kick", Long.toString(id), "--json");
            assertEquals(ExitCode.OK, run.code(), run::toString);
            assertEquals(1, run.json().get("kicked").asInt());
            assertEquals(JobState.READY, queue.peek(id).orElseThrow().state());
        }

        @Test
        void a_pipeline_kicks_at_most_max_buried_jobs() {
            buryOne("p");
            buryOne("p");
            buryOne("p");
            CliRun run = run("kick", "--pipeline", "p", "--max", "2");
            assertEquals(ExitCode.OK, run.code(), run::toString);
            assertEquals("kicked 2 jobs of pipeline p", run.out().strip());
            assertEquals(2, queue.stats("p").ready());
            assertEquals(1, queue.stats("p").buried());
        }

        @Test
        void a_ready_or_unknown_job_exits_1() {
            long ready = queue.selectPipeline("p").addJob("a");
            assertEquals(ExitCode.NOT_FOUND, run("kick", Long.toString(ready)).code());
            assertEquals(ExitCode.NOT_FOUND, run("kick", "12345").code());
        }
    }

    @Nested
    class Delete {
        @Test
        void deletes_a_job_by_id_once() {
            long id = queue.selectPipeline("p").addJob("a");
            CliRun run = run("delete", Long.toString(id), "--json");
            assertEquals(ExitCode.OK, run.code(), run::toString);
            assertTrue(run.json().get("deleted").asBoolean());
            assertTrue(queue.peek(id).isEmpty());
            CliRun again = run("delete", Long.toString(id));
            assertEquals(ExitCode.NOT_FOUND, again.code(), again::toString);
        }

        @Test
        void a_job_a_worker_holds_is_left_alone_with_exit_code_5() {
            JobQueue p = queue.selectPipeline("p");
            p.addJob("a");
            Job held = p.watchPipeline("p").getNextJobAndReserve(Duration.ZERO).orElseThrow();
            CliRun run = run("delete", Long.toString(held.id()));
            assertEquals(ExitCode.CONFLICT, run.code(), run::toString);
            assertEquals(JobState.RESERVED, queue.peek(held.id()).orElseThrow().state());
        }
    }

    @Nested
    class PauseResume {
        @Test
        void pause_then_resume_a_pipeline() {
            CliRun pause = run("pause", "emails", "--json");
            assertEquals(ExitCode.OK, pause.code(), pause::toString);
            assertTrue(pause.json().get("paused").asBoolean());
            assertTrue(queue.isPaused("emails"));
            CliRun resume = run("resume", "emails");
            assertEquals("pipeline emails is running", resume.out().strip(), resume::toString);
            assertFalse(queue.isPaused("emails"));
        }

        @Test
        void an_illegal_pipeline_name_is_a_usage_error() {
            CliRun run = run("pause", "bad name");
            assertEquals(ExitCode.USAGE, run.code(), run::toString);
            assertTrue(run.err().contains("pipeline name"), run::toString);
        }
    }

    @Nested
    class Limits {
        @Test
        void sets_shows_keeps_the_other_limit_and_lifts() {
            assertEquals("p: no limits", run("limits", "p").out().strip());
            assertEquals(ExitCode.OK, run("limits", "p", "--max-running", "5").code());
            CliRun both = run("limits", "p", "--max-per-second", "20", "--json");
            assertEquals(5, both.json().get("maxRunning").asInt(), both::toString);
            assertEquals(20, both.json().get("maxStartedPerSecond").asInt());
            assertEquals(new PipelineLimits(5, 20), queue.limits("p"));
            assertEquals("p: at most 5 running, at most 20 started per second", run("limits", "p").out().strip());
            assertEquals(ExitCode.OK, run("limits", "p", "--none").code());
            assertTrue(queue.limits("p").isNone());
        }

        @Test
        void bad_values_change_nothing() {
            queue.setLimits("p", PipelineLimits.maxRunning(3));
            assertEquals(ExitCode.USAGE, run("limits", "p", "--max-running", "-1").code());
            assertEquals(ExitCode.USAGE, run("limits", "p", "--none", "--max-running", "2").code());
            assertEquals(ExitCode.USAGE, run("limits", "p", "--max-running", "many").code());
            assertEquals(PipelineLimits.maxRunning(3), queue.limits("p"));
        }
    }

    @Nested
    class Add {
        @Test
        void one_job_per_line_of_stdin_with_the_options_given() {
            CliRun run = CliRun.withInput("alpha\n\nbeta\r\ngamma\n", Map.of(), withUrl("add", "--pipeline", "p",
                    "--priority", "7", "--ttr", "30", "--json"));
            assertEquals(ExitCode.OK, run.code(), run::toString);
            JsonNode doc = run.json();
            assertEquals(3, doc.get("lines").asInt());
            List<Long> ids = java.util.stream.StreamSupport.stream(doc.get("ids").spliterator(), false)
                    .map(JsonNode::asLong).toList();
            assertEquals(3, ids.size());
            Job beta = queue.peek(ids.get(1)).orElseThrow();
            assertEquals("beta", beta.payloadAsString());
            assertEquals(7, beta.priority());
            assertEquals(Duration.ofSeconds(30), beta.ttr());
            assertEquals(3, queue.stats("p").ready());
        }

        @Test
        void from_a_file_delayed_with_progress_lines_off_a_terminal() throws Exception {
            Path file = Files.createTempFile(Path.of("target"), "jobs-", ".txt");
            Files.writeString(file, IntStream.range(0, 2500).mapToObj(i -> "job-" + i)
                    .collect(Collectors.joining("\n")));
            CliRun run = run("add", "--pipeline", "bulk", "--file", file.toString(), "--delay", "3600",
                    "--batch-size", "300", "--progress-every", "1000");
            assertEquals(ExitCode.OK, run.code(), run::toString);
            // a line after the batch that passes each 1000: batches of 300 end at 1200 and 2100
            assertEquals(List.of("added 1200/2500 jobs (48%)", "added 2100/2500 jobs (84%)"),
                    run.err().lines().toList(), run::toString);
            assertTrue(run.out().startsWith("added 2500 lines to pipeline bulk, ids "), run::toString);
            assertEquals(2500, queue.stats("bulk").delayed());
        }

        @Test
        void on_a_terminal_a_bar_redrawn_in_place() {
            String lines = IntStream.range(0, 50).mapToObj(i -> "j" + i).collect(Collectors.joining("\n"));
            CliRun run = CliRun.run(lines.getBytes(StandardCharsets.UTF_8), Map.of(), true,
                    withUrl("add", "--pipeline", "p", "--batch-size", "10"));
            assertEquals(ExitCode.OK, run.code(), run::toString);
            assertTrue(run.err().startsWith("\r["), run::toString);
            assertTrue(run.err().contains("] 100% 50/50 jobs"), run::toString);
            assertTrue(run.err().endsWith("\n"), run::toString);
        }

        @Test
        void a_unique_key_per_line_adds_each_distinct_line_once() {
            queue.selectPipeline("p").addJob("b", JobOptions.defaults().withUniqueKey("k-b"));
            CliRun run = CliRun.withInput("a\nb\na\nc\n", Map.of(), withUrl("add", "--pipeline", "p",
                    "--unique-key", "k-{line}"));
            assertEquals(ExitCode.OK, run.code(), run::toString);
            assertEquals(3, queue.stats("p").ready(), "a, b (already there) and c");
            assertTrue(run.out().contains("as 3 jobs"), run::toString);
        }

        @Test
        void bad_input_adds_nothing() throws Exception {
            String tooLong = "x".repeat(queue.maxPayloadBytes() + 1);
            CliRun big = CliRun.withInput("ok\n" + tooLong + "\n", Map.of(), withUrl("add", "--pipeline", "p"));
            assertEquals(ExitCode.USAGE, big.code(), big::toString);
            assertTrue(big.err().contains("line 2 is"), big::toString);

            byte[] notUtf8 = {'o', 'k', '\n', (byte) 0xC3, '\n'};
            CliRun binary = CliRun.run(notUtf8, Map.of(), false, withUrl("add", "--pipeline", "p"));
            assertEquals(ExitCode.USAGE, binary.code(), binary::toString);
            assertTrue(binary.err().contains("not UTF-8"), binary::toString);

            CliRun sameKey = CliRun.withInput("a\nb\n", Map.of(), withUrl("add", "--pipeline", "p",
                    "--unique-key", "one"));
            assertEquals(ExitCode.USAGE, sameKey.code(), sameKey::toString);

            assertEquals(ExitCode.USAGE, run("add", "--pipeline", "p", "--file", "no/such/file").code());
            assertEquals(ExitCode.USAGE, CliRun.withInput("a\n", Map.of(), withUrl("add", "--pipeline", "p",
                    "--priority", "-1")).code());
            assertEquals(ExitCode.USAGE, CliRun.withInput("a\n", Map.of(), withUrl("add")).code(),
                    "--pipeline is required");
            assertTrue(queue.listPipelines().isEmpty(), "nothing was added");
        }
    }

    @Nested
    class Schedules {
        @Test
        void add_list_and_remove() {
            CliRun add = run("schedule", "add", "nightly", "--cron", "0 2 * * *", "--zone", "Europe/Paris",
                    "--pipeline", "reports", "--payload", "{\"kind\":\"daily\"}");
            assertEquals(ExitCode.OK, add.code(), add::toString);
            assertEquals(ExitCode.OK, run("schedule", "add", "tick", "--every", "90s", "--pipeline", "p").code());
            CliRun list = run("schedule", "list", "--json");
            JsonNode nightly = list.json().get(0);
            assertEquals("nightly", nightly.get("name").asText());
            assertEquals("0 2 * * *", nightly.get("cron").asText());
            assertEquals("Europe/Paris", nightly.get("zone").asText());
            assertEquals("{\"kind\":\"daily\"}", nightly.get("payload").asText());
            assertEquals(90.0, list.json().get(1).get("everySeconds").asDouble());
            assertTrue(run("schedule", "list").out().contains("cron '0 2 * * *' in Europe/Paris"));
            assertEquals(ExitCode.OK, run("schedule", "remove", "tick").code());
            assertEquals(List.of("nightly"), queue.listSchedules().stream().map(s -> s.name()).toList());
            assertEquals(ExitCode.NOT_FOUND, run("schedule", "remove", "tick").code());
        }

        @Test
        void a_bad_definition_stores_nothing() {
            assertEquals(ExitCode.USAGE, run("schedule", "add", "x", "--cron", "99 * * * *", "--pipeline", "p")
                    .code());
            assertEquals(ExitCode.USAGE, run("schedule", "add", "x", "--every", "soon", "--pipeline", "p").code());
            assertEquals(ExitCode.USAGE, run("schedule", "add", "x", "--cron", "0 2 * * *", "--zone", "Mars/Base",
                    "--pipeline", "p").code());
            assertEquals(ExitCode.USAGE, run("schedule", "add", "x", "--cron", "0 2 * * *", "--every", "5m",
                    "--pipeline", "p").code());
            assertEquals(ExitCode.USAGE, run("schedule").code());
            queue.schedule("kept", Recurrence.every(Duration.ofMinutes(1)), "p", "x");
            assertEquals(1, queue.listSchedules().size());
        }
    }

    @Nested
    class Connection {
        @Test
        void the_url_comes_from_JOBQUEUE_URL_or_a_url_file() throws Exception {
            queue.selectPipeline("p").addJob("a");
            CliRun fromEnv = CliRun.withInput("", Map.of("JOBQUEUE_URL", url), "stats", "--json");
            assertEquals(1, fromEnv.json().get("pipelines").get(0).get("ready").asLong(), fromEnv::toString);
            Path file = Files.createTempFile(Path.of("target"), "url-", ".txt");
            Files.writeString(file, "\n" + url + "\n");
            CliRun fromFile = CliRun.of("stats", "--url-file", file.toString(), "--json");
            assertEquals(1, fromFile.json().get("pipelines").get(0).get("ready").asLong(), fromFile::toString);
            CliRun both = CliRun.of("stats", "--url-file", file.toString(), "--url", url);
            assertEquals(ExitCode.USAGE, both.code(), both::toString);
        }

        @Test
        void an_unreachable_backend_exits_3_without_printing_the_password() {
            CliRun run = CliRun.withInput("", Map.of("JOBQUEUE_URL",
                    "jdbc:postgresql://127.0.0.1:1/test?user=someone&password=s3cr3tPw"), "stats");
            assertEquals(ExitCode.BACKEND, run.code(), run::toString);
            assertTrue(run.err().contains("127.0.0.1:1"), run::toString);
            assertFalse((run.out() + run.err()).contains("s3cr3tPw"), run::toString);
        }

        @Test
        void an_unknown_command_or_option_is_a_usage_error() {
            CliRun command = CliRun.of("frobnicate");
            assertEquals(ExitCode.USAGE, command.code(), command::toString);
            assertTrue(command.err().contains("'frobnicate'"), command::toString);
            CliRun option = run("stats", "--colour");
            assertEquals(ExitCode.USAGE, option.code(), option::toString);
            assertTrue(option.err().contains("--colour"), option::toString);
            assertEquals(ExitCode.USAGE, CliRun.of().code());
        }
    }

    @Nested
    class Help {
        @ParameterizedTest
        @ValueSource(strings = {"", "stats", "peek", "kick", "delete", "pause", "resume", "limits", "add",
                "schedule", "schedule list", "schedule add", "schedule remove"})
        void every_command_has_help(String command) {
            List<String> args = new java.util.ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
            args.add("--help");
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(ExitCode.OK, run.code(), run::toString);
            assertTrue(run.out().contains("Usage: jobqueue" + (command.isEmpty() ? "" : " " + command)),
                    run::toString);
            if (!command.isEmpty() && !command.equals("schedule")) {
                assertTrue(run.out().contains("--url=URL") && run.out().contains("--json"), run::toString);
            }
        }

        @Test
        void the_top_help_lists_every_command_and_the_exit_codes() {
            String help = CliRun.of("--help").out();
            for (String command : List.of("stats", "peek", "kick", "delete", "pause", "resume", "limits", "add",
                    "schedule")) {
                assertTrue(help.contains("\n  " + command + " "), command + " in\n" + help);
            }
            assertTrue(help.contains("Exit codes:"), help);
            assertTrue(help.contains("  4  capability missing"), help);
        }
    }

    private long buryOne(String pipeline) {
        JobQueue p = queue.selectPipeline(pipeline).watchPipeline(pipeline);
        p.addJob("to bury");
        Job job = p.getNextJobAndReserve(Duration.ZERO).orElseThrow();
        p.bury(job);
        return job.id();
    }
}
