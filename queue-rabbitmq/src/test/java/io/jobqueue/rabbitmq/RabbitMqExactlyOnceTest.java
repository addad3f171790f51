package io.jobqueue.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.ProcessDrain;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * 3 JVM processes x 8 threads drain 20,000 jobs from one quorum-queue pipeline: every job is reserved once (the
 * TTR is far longer than the run, so a second reservation would be a second delivery) and deleted once, and no
 * process meets an exception.
 */
class RabbitMqExactlyOnceTest {
    private static final int JOBS = 20_000;

    @Test
    void every_job_is_reserved_and_deleted_exactly_once_across_processes() throws Exception {
        String pipeline = "exactly-once-" + Long.toHexString(System.nanoTime());
        RabbitBackend backend = RabbitBackend.open(RabbitMqServer.URL, QueueSettings.defaults());
        try (JobQueue queue = JobQueue.create(backend, QueueSettings.defaults())) {
            JobQueue q = queue.selectPipeline(pipeline);
            JobOptions options = JobOptions.defaults().withTtr(Duration.ofMinutes(10));
            for (int from = 0; from < JOBS; from += 1_000) {
                q.addJobs(IntStream.range(from, from + 1_000).mapToObj(i -> "job " + i).toList(), options);
            }
            assertEquals(JOBS, q.getReadyCount());

            ProcessDrain drain = ProcessDrain.run(RabbitMqServer.URL, pipeline, 3, 8);

            assertEquals(List.of(), drain.problems());
            assertEquals(Set.of(), drain.repeated(), "jobs reserved twice");
            assertEquals(JOBS, drain.distinct().size(), "distinct jobs reserved");
            assertEquals(JOBS, drain.reserved().size(), "reservations");
            assertEquals(0, q.stats().total(), "jobs left in the pipeline");
        } finally {
            RabbitMqServer.deleteAll(null, backend.declaredQueues());
        }
    }
}
