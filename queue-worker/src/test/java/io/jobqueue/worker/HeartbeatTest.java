package io.jobqueue.worker;

import static io.jobqueue.worker.TestQueues.PATIENCE;
import static io.jobqueue.worker.TestQueues.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobqueue.InvalidInputException;
import io.jobqueue.WorkerInfo;
import io.jobqueue.WorkerRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A worker records itself in the registry while it runs, with its counts, and serves them at /stats. */
class HeartbeatTest extends SqliteQueueTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private Optional<WorkerRecord> record(String id) {
        return queue.listWorkers().stream().filter(r -> r.worker().id().equals(id)).findFirst();
    }

    @Test
    void a_running_worker_is_listed_alive_with_its_pool_and_counts_and_removed_when_it_stops() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Worker worker = Worker.builder(queue)
                .registerWorker("beats", job -> release.await())
                .registerWorker("other", job -> { })
                .concurrency(3)
                .heartbeatInterval(Duration.ofMillis(100))
                .build();
        worker.start();
        try {
            awaitTrue("the worker is listed", () -> record(worker.id()).isPresent());
            WorkerInfo first = record(worker.id()).orElseThrow().worker();
            assertEquals(List.of("beats", "other"), first.pipelines());
            assertEquals(ProcessHandle.current().pid(), first.pid());
            assertEquals(3, first.handlers());
            assertEquals(Duration.ofMillis(100), first.heartbeatInterval());

            queue.selectPipeline("beats").addJob("one");
            queue.selectPipeline("beats").addJob("two");
            awaitTrue("the next heartbeat shows two busy handlers",
                    () -> record(worker.id()).orElseThrow().worker().busyHandlers() == 2);
            release.countDown();
            for (int i = 0; i < 5; i++) {
                queue.selectPipeline("other").addJob(i);
            }
            awaitTrue("the next heartbeat counts 7 succeeded",
                    () -> record(worker.id()).orElseThrow().worker().succeeded() == 7);
            assertTrue(record(worker.id()).orElseThrow().alive());
        } finally {
            release.countDown();
            worker.close();
        }
        assertEquals(Optional.empty(), record(worker.id()), "a worker that shut down removed itself");
    }

    @Test
    void a_zero_interval_records_nothing() throws Exception {
        Worker worker = Worker.builder(queue).registerWorker("quiet", job -> { }).heartbeatInterval(Duration.ZERO)
                .build();
        worker.start();
        try {
            long id = queue.selectPipeline("quiet").addJob("x");
            TestQueues.awaitGone(queue, id); // the worker has been running long enough to have beaten
            assertEquals(List.of(), queue.listWorkers());
        } finally {
            worker.close();
        }
    }

    @Test
    void bad_intervals_are_refused_naming_the_setting() {
        for (Duration bad : new Duration[] {Duration.ofMillis(99), Duration.ofMinutes(11), Duration.ofSeconds(-1),
                null}) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> Worker.builder(queue).registerWorker("p", job -> { }).heartbeatInterval(bad).build());
            assertTrue(e.getMessage().contains("heartbeatInterval"), e.getMessage());
        }
    }

    @Test
    void stats_serve_the_sampled_depths_the_rate_and_the_counts() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(queue.selectPipeline("counted").addJob(i));
        }
        queue.selectPipeline("waiting").addJob("never handled", io.jobqueue.JobOptions.defaults()
                .withDelay(Duration.ofHours(1)));
        Worker worker = Worker.builder(queue)
                .registerWorker("counted", job -> { })
                .registerWorker("waiting", job -> { })
                .healthPort(0)
                .depthSampleInterval(Duration.ofMillis(50))
                .build();
        worker.start();
        try {
            ids.forEach(id -> TestQueues.awaitGone(queue, id));
            awaitTrue("a sample after the drain shows counted empty", () -> {
                JsonNode p = stats(worker).path("pipelines").path("counted");
                return p.isObject() && p.path("ready").asLong(-1) == 0;
            });
            JsonNode stats = stats(worker);
            assertEquals("ok", stats.path("status").asText());
            assertEquals(worker.id(), stats.path("id").asText());
            assertEquals(1, stats.path("pipelines").path("waiting").path("delayed").asLong(), stats.toString());
            assertEquals(20, stats.path("succeeded").asLong(), stats.toString());
            assertTrue(stats.path("jobsPerSecond").asDouble() > 0, stats.toString());
            assertEquals(worker.stats().handlers(), stats.path("handlers").asInt());
        } finally {
            worker.close();
        }
    }

    private JsonNode stats(Worker worker) {
        try {
            return get(worker);
        } catch (Exception e) {
            throw new AssertionError("GET /stats failed", e);
        }
    }

    private JsonNode get(Worker worker) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + worker.healthPort() + "/stats")).timeout(PATIENCE).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        return new ObjectMapper().readTree(response.body());
    }
}
