package io.jobqueue.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.Capability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Many threads, and many processes, reserving from one pipeline: each job handed out once, deleted once. */
public abstract class ConcurrencyContract extends ContractSupport {
    private static final int JOBS = 600;
    private static final int THREADS = 8;

    @Nested
    class Concurrency {
        @Test
        void each_job_goes_to_exactly_one_of_many_threads() throws Exception {
            drainWithThreads(1);
        }

        @Test
        void batch_reserves_from_many_threads_never_overlap() throws Exception {
            drainWithThreads(5);
        }

        @Test
        @Tag("slow")
        void each_job_goes_to_exactly_one_of_several_processes() throws Exception {
            requires(Capability.SHARED_BETWEEN_PROCESSES);
            String url = urlForOtherProcesses().orElse(null);
            assumeTrue(url != null, "no URL for other processes");
            JobQueue q = fresh();
            int jobs = 1_500;
            for (int from = 0; from < jobs; from += 500) {
                q.addJobs(IntStream.range(from, from + 500).mapToObj(i -> "job " + i).toList(), ttr(LONG_TTR));
            }
            ProcessDrain drain = ProcessDrain.run(url, q.selectedPipeline(), 3, 4);
            assertEquals(List.of(), drain.problems());
            assertEquals(Set.of(), drain.repeated(), "jobs handed out more than once");
            assertEquals(jobs, drain.distinct().size(), "distinct jobs reserved");
            assertEquals(0, q.stats().total(), "jobs left");
        }
    }

    private void drainWithThreads(int batch) throws Exception {
        JobQueue q = fresh();
        List<Long> ids = q.addJobs(IntStream.range(0, JOBS).mapToObj(i -> "job " + i).toList(), ttr(LONG_TTR));
        ConcurrentLinkedQueue<Long> reserved = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> deleted = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                deleted.add(pool.submit(() -> {
                    int count = 0;
                    while (true) {
                        List<Job> jobs = q.reserveJobs(batch, Duration.ofMillis(200));
                        if (jobs.isEmpty()) {
                            return count;
                        }
                        for (Job job : jobs) {
                            reserved.add(job.id());
                            q.delete(job);
                            count++;
                        }
                    }
                }));
            }
            int total = 0;
            for (Future<Integer> f : deleted) {
                total += f.get(3, TimeUnit.MINUTES);
            }
            ProcessDrain drain = new ProcessDrain(new ArrayList<>(reserved), List.of());
            assertEquals(Set.of(), drain.repeated(), "jobs handed out more than once");
            assertEquals(new HashSet<>(ids), drain.distinct());
            assertEquals(JOBS, total, "deletes that succeeded");
            assertEquals(0, q.stats().total(), "jobs left");
        } finally {
            pool.shutdownNow();
        }
    }
}
