package io.jobqueue.example.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.QueueTables;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code jobqueue} against the servers: PostgreSQL with a table of its own, and RabbitMQ's refusals. */
class CliServersTest {
    static final String POSTGRES_URL = System.getenv().getOrDefault("JOBQUEUE_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    static final String RABBITMQ_URL = System.getenv().getOrDefault("JOBQUEUE_TEST_RABBITMQ_URL",
            "amqp://guest:guest@127.0.0.1:5672/%2F");

    @Nested
    class Postgres {
        private final String table = "cli_" + Long.toString(System.nanoTime(), 36);
        private JobQueue queue;

        @BeforeEach
        void open() {
            queue = JobQueue.connect(POSTGRES_URL, QueueSettings.builder().option("table", table).build());
        }

        @AfterEach
        void drop() throws Exception {
            queue.close();
            try (Connection c = DriverManager.getConnection(POSTGRES_URL); Statement s = c.createStatement()) {
                QueueTables.dropIfExist(s, table);
            }
        }

        private CliRun run(String... args) {
            String[] all = java.util.Arrays.copyOf(args, args.length + 2);
            all[args.length] = "--option";
            all[args.length + 1] = "table=" + table;
            return CliRun.withInput("", Map.of("JOBQUEUE_URL", POSTGRES_URL), all);
        }

        @Test
        void stats_counts_its_own_table() {
            queue.selectPipeline("pg").addJobs(List.of("a", "b", "c"));
            CliRun run = run("stats", "--json");
            assertEquals(ExitCode.OK, run.code(), run::toString);
            JsonNode pipelines = run.json().get("pipelines");
            assertEquals(1, pipelines.size(), run::toString);
            assertEquals("pg", pipelines.get(0).get("pipeline").asText());
            assertEquals(3, pipelines.get(0).get("ready").asLong());
            assertTrue(run.json().get("workers").isArray());
        }

        @Test
        void pause_stops_reserves_until_resume() {
            queue.selectPipeline("pg").addJob("a");
            assertEquals(ExitCode.OK, run("pause", "pg").code());
            JobQueue worker = queue.watchPipeline("pg");
            assertTrue(worker.getNextJobAndReserve(Duration.ZERO).isEmpty(), "a paused pipeline hands out nothing");
            assertTrue(run("stats", "--pipeline", "pg", "--json").json().get("pipelines").get(0).get("paused")
                    .asBoolean());
            assertEquals(ExitCode.OK, run("resume", "pg").code());
            assertTrue(worker.getNextJobAndReserve(Duration.ZERO).isPresent());
        }

        @Test
        void kick_by_pipeline_and_by_id() {
            JobQueue p = queue.selectPipeline("pg").watchPipeline("pg");
            p.addJobs(List.of("a", "b"));
            Job first = p.getNextJobAndReserve(Duration.ZERO).orElseThrow();
            Job second = p.getNextJobAndReserve(Duration.ZERO).orElseThrow();
            p.bury(first);
            p.bury(second);
            CliRun one = run("kick", Long.toString(second.id()));
            assertEquals(ExitCode.OK, one.code(), one::toString);
            assertEquals(JobState.READY, queue.peek(second.id()).orElseThrow().state());
            CliRun rest = run("kick", "--pipeline", "pg", "--max", "10", "--json");
            assertEquals(1, rest.json().get("kicked").asInt(), rest::toString);
            assertEquals(2, queue.stats("pg").ready());
        }
    }

    @Nested
    class RabbitMq {
        private CliRun run(String... args) {
            return CliRun.withInput("", Map.of("JOBQUEUE_URL", RABBITMQ_URL), args);
        }

        @Test
        void commands_the_backend_cannot_do_exit_4_and_change_nothing() {
            String pipeline = "cli-" + Long.toString(System.nanoTime(), 36);
            CliRun limits = run("limits", pipeline, "--max-running", "3");
            assertEquals(ExitCode.MISSING_CAPABILITY, limits.code(), limits::toString);
            assertTrue(limits.err().contains("lacks the capability PIPELINE_LIMITS"), limits::toString);
            assertFalse(limits.err().contains("guest:guest"), "no password printed: " + limits.err());
            assertEquals(ExitCode.MISSING_CAPABILITY, run("pause", pipeline).code());
            assertEquals(ExitCode.MISSING_CAPABILITY, run("schedule", "list").code());
            assertEquals(ExitCode.MISSING_CAPABILITY, run("peek", "1").code());
            assertEquals(ExitCode.MISSING_CAPABILITY, run("delete", "1").code());
            CliRun unique = CliRun.withInput("a\n", Map.of("JOBQUEUE_URL", RABBITMQ_URL), "add", "--pipeline",
                    pipeline, "--unique-key", "{line}");
            assertEquals(ExitCode.MISSING_CAPABILITY, unique.code(), unique::toString);
            CliRun stats = run("stats", "--pipeline", pipeline);
            assertEquals(ExitCode.OK, stats.code(), stats::toString);
            assertTrue(stats.out().contains("(this backend keeps no record of workers)"), stats::toString);
            assertTrue(stats.out().matches("(?s).*\\n" + pipeline + "\\s+0\\s+0\\s+0\\s+0\\s+0\\n.*"), stats::toString);
        }
    }
}
