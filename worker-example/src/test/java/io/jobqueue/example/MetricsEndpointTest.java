package io.jobqueue.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.JobQueue;
import io.jobqueue.tck.Await;
import io.jobqueue.tck.SqliteFiles;
import io.jobqueue.worker.Worker;
import io.jobqueue.worker.WorkerMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code work --metrics PORT}: the worker's meters in Prometheus format on 127.0.0.1. */
class MetricsEndpointTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void serves_jobqueue_series_in_prometheus_format() throws Exception {
        try (JobQueue queue = JobQueue.connect(SqliteFiles.freshUrl("metrics"));
                MetricsEndpoint endpoint = new MetricsEndpoint(0)) {
            queue.selectPipeline("metered").addJobs(List.of("a", "b", "c"));
            try (Worker worker = Worker.builder(queue).registerWorker("metered", job -> { })
                    .concurrency(1, 4).depthSampleInterval(Duration.ofMillis(50)).build()) {
                new WorkerMetrics(worker).bindTo(endpoint.registry);
                worker.start();
                Await.until("three jobs succeeded", Await.PATIENCE, () -> worker.stats().succeeded() == 3);
            }
            HttpResponse<String> response = get(endpoint.port(), "/metrics");
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            String body = response.body();
            assertTrue(body.contains("jobqueue_jobs_succeeded_total{pipeline=\"metered\"} 3.0"), body);
            assertTrue(body.contains("jobqueue_handler_duration_seconds_count{outcome=\"success\",pipeline=\"metered\"} 3"),
                    body);
            assertTrue(body.contains("jobqueue_queue_depth{pipeline=\"metered\",state=\"ready\"}"), body);
            assertTrue(body.contains("jobqueue_pool_max 4.0"), body);
            assertEquals(404, get(endpoint.port(), "/other").statusCode());
        }
    }
}
