package io.jobqueue.worker;

import static io.jobqueue.worker.TestQueues.PATIENCE;
import static io.jobqueue.worker.TestQueues.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.JobQueue;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthEndpointTest {
    private final JobQueue queue = TestQueues.sqlite("health");
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void closeQueue() {
        queue.close();
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
