package io.jobqueue.worker;

import static io.jobqueue.worker.TestQueues.awaitGone;
import static io.jobqueue.worker.TestQueues.awaitTrue;
import static io.jobqueue.worker.TestQueues.closeAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.spi.ReserveRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Jobs whose priority and reservation count the backend reads only when asked ({@link Job#withDetailsOnDemand}, as
 * beanstalkd does for jobs added with a header): the runtime reads them for a failed job, never for one that
 * succeeded.
 */
class WorkerDetailsOnDemandTest {
    private final AtomicInteger reads = new AtomicInteger();
    private final JobQueue queue = FaultyBackend.open(TestQueues.sqliteUrl("details-on-demand"), new FaultyBackend() {
        @Override
        public List<Job> reserve(ReserveRequest request) {
            return super.reserve(request).stream().map(this::onDemand).toList();
        }

        private Job onDemand(Job job) {
            return Job.withDetailsOnDemand(job.id(), job.pipeline(), job.payload(), job.ttr(), job.state(),
                    job.createdAt(), job.reservation(), () -> {
                        reads.incrementAndGet();
                        return new Job.Details(job.priority(), job.reserves());
                    });
        }
    });

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    @Test
    void jobs_that_succeed_are_run_without_reading_their_details() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        Worker worker = Worker.builder(queue).registerWorker("fine", job -> ran.incrementAndGet()).build();
        List<Long> ids = queue.selectPipeline("fine").addJobs(List.of("a", "b", "c"));
        worker.start();
        for (long id : ids) {
            awaitGone(queue, id);
        }
        closeAndAwait(worker);
        assertEquals(3, ran.get());
        assertEquals(0, reads.get(), "details read");
        assertEquals(3, worker.stats().succeeded());
    }

    @Test
    void a_failing_job_reads_its_count_and_priority_and_is_buried_after_max_attempts() throws Exception {
        Worker worker = Worker.builder(queue)
                .registerWorker("doomed", job -> {
                    throw new IllegalStateException("always");
                })
                .maxAttempts(2)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(50))
                .build();
        long id = queue.selectPipeline("doomed").addJob("x", JobOptions.defaults().withPriority(42));
        worker.start();
        try {
            awaitTrue("the job is buried", () -> TestQueues.state(queue, id) == JobState.BURIED);
        } finally {
            closeAndAwait(worker);
        }
        Job buried = queue.peek(id).orElseThrow();
        assertEquals(2, buried.reserves());
        assertEquals(42, buried.priority(), "released and buried with the priority read on demand");
        assertEquals(2, reads.get(), "one read per failed attempt");
        assertEquals(1, worker.stats().retried());
        assertEquals(1, worker.stats().buried());
    }
}
