package io.jobqueue.worker;

import static io.jobqueue.worker.TestQueues.PATIENCE;
import static io.jobqueue.worker.TestQueues.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.Outcome;
import io.jobqueue.spi.DeleteRequest;
import io.jobqueue.spi.ReserveRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthEndpointTest extends SqliteQueueTest {
    private final HttpClient http = HttpClient.newHttpClient();
    /** Frozen calls wait on this; the test opens it, as a server resuming would. */
    private final CountDownLatch thaw = new CountDownLatch(1);

    @AfterEach
    void thawAll() {
        thaw.countDown();
    }

    /** A backend call that does not return until the test thaws it, as against a frozen server. */
    private void frozen() {
        try {
            assertTrue(thaw.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the test thaws the call");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void answers_503_while_a_reserve_is_in_flight_past_its_bound_and_200_once_it_returns() throws Exception {
        AtomicBoolean freeze = new AtomicBoolean(true);
        FaultyBackend hanging = new FaultyBackend() {
            @Override
            public List<Job> reserve(ReserveRequest request) {
                if (freeze.get()) {
                    frozen();
                }
                return super.reserve(request);
            }
        };
        JobQueue faulty = wrap(hanging);
        try (Worker worker = Worker.builder(faulty).registerWorker("probe", job -> { }).healthPort(0)
                .reserveTimeout(Duration.ofMillis(100)).stallTimeout(Duration.ofMillis(300)).build()) {
            worker.start();
            awaitTrue("/health answers 503 for the hanging reserve", () -> status(worker) == 503);
            HttpResponse<String> stalled = get(worker.healthPort(), "/health");
            assertTrue(stalled.body().contains("\"reason\":\"a reserve has been in flight for"), stalled.body());
            assertTrue(stalled.body().contains("past its bound of 400 ms"), stalled.body());
            assertFalse(worker.isHealthy());

            freeze.set(false);
            thaw.countDown();
            awaitTrue("/health answers 200 once the reserve returns", () -> status(worker) == 200);
            long id = queue.selectPipeline("probe").addJob("x");
            TestQueues.awaitGone(queue, id);
        }
    }

    @Test
    void answers_503_while_a_delete_is_in_flight_past_its_bound_and_the_job_is_deleted_after() throws Exception {
        FaultyBackend hanging = new FaultyBackend() {
            @Override
            public List<Outcome> delete(DeleteRequest request) {
                frozen();
                return super.delete(request);
            }
        };
        JobQueue faulty = wrap(hanging);
        try (Worker worker = Worker.builder(faulty).registerWorker("probe", job -> { }).healthPort(0)
                .reserveTimeout(Duration.ofMillis(100)).stallTimeout(Duration.ofMillis(300)).build()) {
            worker.start();
            awaitTrue("the worker is healthy", () -> status(worker) == 200);
            long id = queue.selectPipeline("probe").addJob("x");
            awaitTrue("/health answers 503 for the hanging delete", () -> status(worker) == 503);
            assertTrue(get(worker.healthPort(), "/health").body().contains("a delete has been in flight"));
            assertTrue(queue.peek(id).isPresent(), "the delete has not happened yet");

            thaw.countDown();
            TestQueues.awaitGone(queue, id);
            awaitTrue("/health answers 200 once the delete returns", () -> status(worker) == 200);
        }
    }

    private int status(Worker worker) {
        try {
            return get(worker.healthPort(), "/health").statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Test
    void answers_200_while_running_and_503_once_shutdown_begins() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        Worker worker = Worker.builder(queue)
                .registerWorker("probe", job -> {
                    started.countDown();
                    assertTrue(mayFinish.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
                })
                .healthPort(0)
                .build();
        assertEquals(-1, worker.healthPort(), "no port before start");
        worker.start();
        int port = worker.healthPort();
        assertTrue(port > 0, "bound to a free port: " + port);
        try {
            HttpResponse<String> healthy = get(port, "/health");
            assertEquals(200, healthy.statusCode());
            assertTrue(healthy.body().contains("\"status\":\"ok\""), healthy.body());
            assertTrue(healthy.body().contains("\"reserved\":0"), healthy.body());
            assertEquals(404, get(port, "/other").statusCode());

            queue.selectPipeline("probe").addJob("x");
            assertTrue(started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            worker.shutdown(); // the running job keeps the shutdown, and the endpoint, going
            HttpResponse<String> stopping = get(port, "/health");
            assertEquals(503, stopping.statusCode());
            assertTrue(stopping.body().contains("\"status\":\"unavailable\""), stopping.body());
            assertTrue(stopping.body().contains("\"inFlight\":1"), stopping.body());
        } finally {
            mayFinish.countDown();
        }
        assertTrue(worker.awaitTermination(PATIENCE));
        assertFalse(worker.isHealthy());
        assertThrows(ConnectException.class, () -> get(port, "/health"), "the endpoint closes with the worker");
    }

    @Test
    void is_off_unless_a_port_is_set() throws Exception {
        Worker worker = Worker.builder(queue).registerWorker("probe", job -> { }).build();
        worker.start();
        try {
            awaitTrue("the worker is healthy", worker::isHealthy);
            assertEquals(-1, worker.healthPort());
        } finally {
            worker.close();
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(PATIENCE).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
