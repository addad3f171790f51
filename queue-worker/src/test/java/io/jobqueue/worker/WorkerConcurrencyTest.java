package io.jobqueue.worker;

import static io.jobqueue.worker.TestQueues.awaitTrue;
import static io.jobqueue.worker.TestQueues.closeAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.JobQueue;
import io.jobqueue.spi.DeleteRequest;
import io.jobqueue.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkerConcurrencyTest extends SqliteQueueTest {
    @Test
    void runs_as_many_jobs_at_once_as_its_concurrency_and_no_more() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Worker worker = Worker.builder(queue)
                .registerWorker("parallel", job -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(300);
                    running.decrementAndGet();
                    done.incrementAndGet();
                })
                .concurrency(4)
                .build();
        queue.selectPipeline("parallel").addJobs(IntStream.range(0, 16).boxed().toList());
        worker.start();
        try {
            awaitTrue("all jobs ran", () -> done.get() == 16);
        } finally {
            closeAndAwait(worker);
        }
        assertEquals(4, mostAtOnce.get(), "most handlers seen running at once");
        assertEquals(16, worker.stats().succeeded());
        assertEquals(0, queue.stats("parallel").total(), "every job was deleted");
    }

    @Test
    void each_pipeline_goes_to_its_own_handler() throws Exception {
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        JobHandler record = job -> seen.computeIfAbsent(job.pipeline(), p -> new CopyOnWriteArrayList<>())
                .add(job.payloadAsString());
        List<String> thirdSeen = new CopyOnWriteArrayList<>();
        Worker worker = Worker.builder(queue)
                .registerWorker("images", record)
                .registerWorker("emails", record)
                .registerWorker("reports", job -> thirdSeen.add(job.payloadAsString()))
                .build();
        queue.selectPipeline("images").addJobs(List.of("i1", "i2"));
        queue.selectPipeline("emails").addJobs(List.of("e1"));
        queue.selectPipeline("reports").addJobs(List.of("r1"));
        queue.selectPipeline("unwatched").addJob("u1");
        worker.start();
        try {
            awaitTrue("the three pipelines are done", () -> worker.stats().succeeded() == 4);
        } finally {
            closeAndAwait(worker);
        }
        assertEquals(Set.of("i1", "i2"), Set.copyOf(seen.get("images")));
        assertEquals(List.of("e1"), seen.get("emails"));
        assertEquals(List.of("r1"), thirdSeen);
        assertEquals(1, queue.getReadyCount("unwatched"), "a pipeline without a handler is left alone");
    }

    @Test
    void succeeded_jobs_are_deleted_in_batches() throws Exception {
        List<Integer> deleteSizes = new CopyOnWriteArrayList<>();
        JobQueue counting = wrap(new FaultyBackend() {
            @Override
            public List<Outcome> delete(DeleteRequest request) {
                deleteSizes.add(request.jobs().size());
                return super.delete(request);
            }
        });
        counting.selectPipeline("many").addJobs(IntStream.range(0, 200).boxed().toList());
        Worker worker = Worker.builder(counting)
                .registerWorker("many", job -> { })
                .concurrency(4)
                .batchSize(20)
                .build();
        worker.start();
        try {
            awaitTrue("all jobs are deleted", () -> queue.stats("many").total() == 0);
        } finally {
            closeAndAwait(worker);
        }
        assertEquals(200, deleteSizes.stream().mapToInt(Integer::intValue).sum());
        assertTrue(deleteSizes.stream().allMatch(size -> size <= 20), "no delete exceeds the batch: " + deleteSizes);
        assertTrue(deleteSizes.size() < 200, "deletes are shared: " + deleteSizes.size() + " for 200 jobs");
    }

    @Test
    void several_reserve_threads_hand_each_job_to_exactly_one_handler() throws Exception {
        List<Long> handled = new CopyOnWriteArrayList<>();
        Set<String> reservingThreads = ConcurrentHashMap.newKeySet();
        JobQueue watching = wrap(new FaultyBackend() {
            @Override
            public List<io.jobqueue.Job> reserve(io.jobqueue.spi.ReserveRequest request) {
                reservingThreads.add(Thread.currentThread().getName());
                return super.reserve(request);
            }
        });
        watching.selectPipeline("split").addJobs(IntStream.range(0, 600).boxed().toList());
        Worker worker = Worker.builder(watching)
                .registerWorker("split", job -> handled.add(job.id()))
                .concurrency(4)
                .batchSize(10)
                .reserveThreads(3)
                .build();
        worker.start();
        try {
            awaitTrue("all jobs are deleted", () -> queue.stats("split").total() == 0);
        } finally {
            closeAndAwait(worker);
        }
        assertEquals(600, handled.size(), "handler runs");
        assertEquals(600, Set.copyOf(handled).size(), "distinct jobs handled");
        assertEquals(3, reservingThreads.size(), "threads that reserved: " + reservingThreads);
    }
}
