package io.jobqueue.worker;

import static io.jobqueue.worker.TestQueues.awaitTrue;
import static io.jobqueue.worker.TestQueues.closeAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.JobOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** After a run, the registry's counts equal what happened, per pipeline. */
class WorkerMetricsTest extends SqliteQueueTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();

    private double count(String name, String pipeline) {
        return registry.get(name).tag("pipeline", pipeline).functionCounter().count();
    }

    private double depth(String pipeline, String state) {
        return registry.get("jobqueue.queue.depth").tags("pipeline", pipeline, "state", state).gauge().value();
    }

    private long handled(String pipeline, String outcome) {
        return registry.get("jobqueue.handler.duration").tags("pipeline", pipeline, "outcome", outcome).timer()
                .count();
    }

    @Test
    void counts_timers_and_gauges_equal_what_the_worker_did() throws Exception {
        Worker worker = Worker.builder(queue)
                .registerWorker("mail", job -> {
                    if (job.payloadAsString().startsWith("bad")) {
                        throw new IllegalStateException("cannot send " + job.payloadAsString());
                    }
                    Thread.sleep(5);
                })
                .registerWorker("images", job -> { })
                .concurrency(2, 6)
                .maxAttempts(2)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(50))
                .depthSampleInterval(Duration.ofMillis(50))
                .build();
        new WorkerMetrics(worker, Tags.of("worker", "test")).bindTo(registry);
        queue.selectPipeline("mail").addJobs(List.of("ok1", "ok2", "ok3", "ok4", "ok5", "bad1", "bad2"));
        queue.selectPipeline("images").addJobs(List.of("i1", "i2", "i3"));
        long waiting = queue.selectPipeline("images").addJob("later", JobOptions.defaults()
                .withDelay(Duration.ofHours(1)));
        worker.start();
        try {
            awaitTrue("both bad jobs are buried", () -> count("jobqueue.jobs.buried", "mail") == 2);
            awaitTrue("the depth gauges show the buried and the delayed job",
                    () -> depth("mail", "buried") == 2 && depth("images", "delayed") == 1
                            && depth("mail", "ready") == 0 && depth("images", "ready") == 0);
            awaitTrue("the succeeded jobs are deleted", () -> queue.stats("mail").total() == 2);
        } finally {
            closeAndAwait(worker);
        }
        // mail: 5 succeed; 2 fail twice each (attempt 1 retried, attempt 2 buried)
        assertEquals(9, count("jobqueue.jobs.reserved", "mail"));
        assertEquals(5, count("jobqueue.jobs.succeeded", "mail"));
        assertEquals(4, count("jobqueue.jobs.failed", "mail"));
        assertEquals(2, count("jobqueue.jobs.retried", "mail"));
        assertEquals(2, count("jobqueue.jobs.buried", "mail"));
        assertEquals(3, count("jobqueue.jobs.reserved", "images"));
        assertEquals(3, count("jobqueue.jobs.succeeded", "images"));
        assertEquals(0, count("jobqueue.jobs.failed", "images"));
        assertEquals(5, handled("mail", "success"));
        assertEquals(4, handled("mail", "failure"));
        assertEquals(3, handled("images", "success"));
        assertTrue(registry.get("jobqueue.handler.duration").tags("pipeline", "mail", "outcome", "success").timer()
                .totalTime(TimeUnit.MILLISECONDS) >= 5 * 5, "five handlers slept 5 ms each");
        assertEquals(7, registry.get("jobqueue.queue.wait").tag("pipeline", "mail").timer().count(),
                "first attempts only");
        assertEquals(3, registry.get("jobqueue.queue.wait").tag("pipeline", "images").timer().count());
        assertTrue(registry.get("jobqueue.reserve.duration").timer().count() >= 1);
        assertEquals(2, registry.get("jobqueue.pool.min").gauge().value());
        assertEquals(6, registry.get("jobqueue.pool.max").gauge().value());
        assertTrue(registry.get("jobqueue.pool.size").gauge().value() >= 2);
        assertEquals(0, registry.get("jobqueue.pool.busy").gauge().value());
        assertEquals("test", registry.get("jobqueue.pool.size").gauge().getId().getTag("worker"));
        WorkerStats stats = worker.stats();
        assertEquals(stats.succeeded(), 8);
        assertEquals(stats.failed(), 4);
        assertTrue(queue.peek(waiting).isPresent());
    }

    @Test
    void binding_after_the_worker_started_is_refused() throws Exception {
        Worker worker = Worker.builder(queue).registerWorker("late", job -> { }).build();
        worker.start();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new WorkerMetrics(worker).bindTo(registry));
            assertTrue(e.getMessage().contains("before the worker starts"), e.getMessage());
        } finally {
            closeAndAwait(worker);
        }
    }
}
