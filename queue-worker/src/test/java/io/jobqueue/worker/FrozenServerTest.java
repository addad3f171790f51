package io.jobqueue.worker;

import static io.jobqueue.worker.TestQueues.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.FaultProxy;
import io.jobqueue.tck.QueueTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A worker process whose PostgreSQL stops answering for 45 s (a server frozen with SIGSTOP, or a network
 * partition; here a proxy that stops relaying, so the shared server itself is never stopped): no call hangs
 * past its bound, {@code /health} turns 503 within its bound, SIGTERM ends the process within its longest
 * shutdown, and once the server answers again every job completes, none lost.
 */
@Tag("slow")
class FrozenServerTest {
    private static final String POSTGRES_URL = System.getenv().getOrDefault("JOBQUEUE_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final Duration FROZEN_FOR = Duration.ofSeconds(45);
    /** Scheduling slack on a loaded two-core machine. */
    private static final Duration SLACK = Duration.ofSeconds(5);
    private static final int JOBS = 400;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void a_worker_rides_out_a_frozen_database_and_loses_no_job() throws Exception {
        String table = "jq_frozen_" + Long.toHexString(System.nanoTime());
        String pipeline = "frozen";
        URI server = URI.create(POSTGRES_URL.substring("jdbc:".length()));
        QueueSettings settings = QueueSettings.builder().option("table", table).build();
        Path log = Files.createTempFile(Files.createDirectories(Path.of("target", "worker-logs")), "frozen-", ".log");
        try (FaultProxy proxy = new FaultProxy(server.getHost(), server.getPort());
                JobQueue queue = JobQueue.connect(POSTGRES_URL, settings)) {
            List<Long> ids = queue.selectPipeline(pipeline).addJobs(IntStream.range(0, JOBS).boxed().toList(),
                    JobOptions.defaults().withTtr(Duration.ofSeconds(5)));
            String proxied = POSTGRES_URL.replace("//" + server.getHost() + ":" + server.getPort() + "/",
                    "//127.0.0.1:" + proxy.port() + "/");
            // Each job takes 20 ms, so the freeze meets the worker in the middle of its work.
            Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), FrozenServerWorkerMain.class.getName(), proxied,
                    pipeline, table)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                awaitTrue("the worker handles jobs", () -> handled(log).size() >= 20);
                int port = healthPort(log);
                assertEquals(200, health(port), "healthy before the freeze");

                proxy.freeze();
                long frozenAt = System.nanoTime();
                // A reserve in flight past reserveTimeout + stallTimeout (1 s + 10 s), or reserves failing for
                // longer than the longest reconnect backoff (10 s): either turns /health to 503.
                Duration healthBound = Worker.DEFAULT_RESERVE_TIMEOUT.plus(Worker.DEFAULT_STALL_TIMEOUT).plus(SLACK);
                awaitTrue("/health answers 503 while the database is frozen", () -> health(port) == 503);
                Duration unhealthyAfter = Duration.ofNanos(System.nanoTime() - frozenAt);
                assertTrue(unhealthyAfter.compareTo(healthBound) < 0, "503 after " + unhealthyAfter);

                worker.destroy(); // SIGTERM, with the database still frozen
                long termAt = System.nanoTime();
                Duration exitBound = FrozenServerWorkerMain.SHUTDOWN_TIMEOUT.plus(Worker.DEFAULT_RESERVE_TIMEOUT)
                        .plusSeconds(16).plus(SLACK);
                assertTrue(worker.waitFor(exitBound.toMillis(), TimeUnit.MILLISECONDS),
                        "the worker exits within " + exitBound + " of SIGTERM");
                Duration exitedAfter = Duration.ofNanos(System.nanoTime() - termAt);
                System.out.println("503 after " + unhealthyAfter.toMillis() + " ms of freeze; exited "
                        + exitedAfter.toMillis() + " ms after SIGTERM");

                long thawIn = FROZEN_FOR.toNanos() - (System.nanoTime() - frozenAt);
                if (thawIn > 0) {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(thawIn)); // the outage lasts its 45 s
                }
                proxy.restore();
            } finally {
                if (worker.isAlive()) {
                    worker.destroyForcibly();
                }
            }

            // A new worker finishes what is left: jobs never started, and those the old one held, once their
            // TTR passes.
            Set<Long> handledAfter = ConcurrentHashMap.newKeySet();
            try (Worker rest = Worker.builder(queue).registerWorker(pipeline, job -> handledAfter.add(job.id()))
                    .build()) {
                rest.start();
                awaitTrue("every job is done", () -> queue.stats(pipeline).total() == 0);
            }
            Set<Long> done = new HashSet<>(handled(log));
            done.addAll(handledAfter);
            assertTrue(done.containsAll(ids), "jobs never handled: " + ids.stream().filter(id -> !done.contains(id))
                    .toList());
        } finally {
            try (Connection c = DriverManager.getConnection(POSTGRES_URL); Statement s = c.createStatement()) {
                QueueTables.dropIfExist(s, table);
            }
        }
    }

    private static Set<Long> handled(Path log) {
        Set<Long> ids = new HashSet<>();
        for (String line : lines(log)) {
            if (line.startsWith("handled ")) {
                ids.add(Long.parseLong(line.substring("handled ".length()).trim()));
            }
        }
        return ids;
    }

    private static int healthPort(Path log) {
        return lines(log).stream().filter(line -> line.startsWith("health ")).findFirst()
                .map(line -> Integer.parseInt(line.substring("health ".length()).trim()))
                .orElseGet(() -> fail("the worker printed no health port:\n" + String.join("\n", lines(log))));
    }

    private int health(int port) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
