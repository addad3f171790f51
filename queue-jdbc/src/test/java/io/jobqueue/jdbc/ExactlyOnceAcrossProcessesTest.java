package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.tck.ProcessDrain;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 3 JVM processes x 8 threads drain 20,000 jobs from one pipeline: every job is reserved once (with a TTR far
 * longer than the run, a second reservation would overlap the first) and deleted once, and no deadlock or
 * lock timeout reaches a caller (the processes report any exception and exit non-zero).
 */
class ExactlyOnceAcrossProcessesTest {
    private static final int JOBS = 20_000;

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void every_job_is_reserved_and_deleted_exactly_once(String database) throws Exception {
        String url = database.equals("postgresql") ? TestDatabases.postgresUrl() : TestDatabases.mysqlUrl();
        String pipeline = "exactly-once-" + Long.toHexString(System.nanoTime());
        try (JobQueue queue = JobQueue.connect(url)) {
            JobQueue q = queue.selectPipeline(pipeline);
            JobOptions options = JobOptions.defaults().withTtr(Duration.ofMinutes(10));
            for (int from = 0; from < JOBS; from += 1_000) {
                q.addJobs(IntStream.range(from, from + 1_000).mapToObj(i -> "job " + i).toList(), options);
            }
            assertEquals(JOBS, q.getReadyCount());

            ProcessDrain drain = ProcessDrain.run(url, pipeline, 3, 8);

            assertEquals(List.of(), drain.problems());
            assertEquals(Set.of(), drain.repeated(), "jobs reserved twice");
            assertEquals(JOBS, drain.distinct().size(), "distinct jobs reserved");
            assertEquals(JOBS, drain.reserved().size(), "reservations");
            assertEquals(0, q.stats().total(), "jobs left in the pipeline");
        }
    }
}
