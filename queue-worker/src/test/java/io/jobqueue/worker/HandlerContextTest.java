package io.jobqueue.worker;

import static io.jobqueue.worker.TestQueues.awaitGone;
import static io.jobqueue.worker.TestQueues.closeAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobqueue.JobQueue;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.helpers.BasicMDCAdapter;

class HandlerContextTest {
    private final JobQueue queue = TestQueues.sqlite("context");

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    @Test
    void handler_runs_with_job_id_and_pipeline_in_the_logging_context() throws Exception {
        // slf4j-simple keeps no MDC at all; give SLF4J its basic thread-local MDC for this test.
        Field adapterField = MDC.class.getDeclaredField("mdcAdapter");
        adapterField.setAccessible(true);
        MDC.getMDCAdapter(); // initialises SLF4J, so the field holds the binding's adapter
        Object original = adapterField.get(null);
        adapterField.set(null, new BasicMDCAdapter());
        try {
            runsWithContext();
        } finally {
            adapterField.set(null, original);
        }
    }

    private void runsWithContext() throws Exception {
        List<String> contexts = new CopyOnWriteArrayList<>();
        List<String> afterwards = new CopyOnWriteArrayList<>();
        Worker worker = Worker.builder(queue)
                .registerWorker("reports", job -> {
                    contexts.add(MDC.get("jobId") + "/" + MDC.get("pipeline"));
                    if (job.payloadAsString().equals("last")) {
                        throw new IllegalStateException("fails so the release is logged with the context too");
                    }
                })
                .registerWorker("probe", job -> afterwards.add(MDC.get("jobId") + "/" + MDC.get("pipeline")))
                .concurrency(1)
                .maxAttempts(1)
                .build();
        long first = queue.selectPipeline("reports").addJob("first");
        long last = queue.selectPipeline("reports").addJob("last");
        worker.start();
        try {
            awaitGone(queue, first);
            TestQueues.awaitTrue("the failing job is buried", () -> worker.stats().buried() == 1);
            long probe = queue.selectPipeline("probe").addJob("p");
            awaitGone(queue, probe);
            assertEquals(List.of(first + "/reports", last + "/reports"), contexts);
            assertEquals(List.of(probe + "/probe"), afterwards, "each job has its own context");
        } finally {
            closeAndAwait(worker);
        }
    }

    @Test
    void handler_throwing_an_error_is_retried_and_its_thread_keeps_working() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Worker worker = Worker.builder(queue)
                .registerWorker("fragile", job -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new AssertionError("not an Exception");
                    }
                })
                .concurrency(1)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(10))
                .build();
        List<Long> ids = queue.selectPipeline("fragile").addJobs(List.of("a", "b"));
        worker.start();
        try {
            ids.forEach(id -> awaitGone(queue, id));
        } finally {
            closeAndAwait(worker);
        }
        assertEquals(3, calls.get(), "the first job ran twice, the second once, on the one handler thread");
        assertEquals(1, worker.stats().retried());
        assertEquals(2, worker.stats().succeeded());
    }
}
