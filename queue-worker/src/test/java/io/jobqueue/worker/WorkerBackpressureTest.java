package io.jobqueue.worker;

import static io.jobqueue.worker.TestQueues.awaitTrue;
import static io.jobqueue.worker.TestQueues.closeAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.JobQueue;
import io.jobqueue.spi.DeleteRequest;
import io.jobqueue.Outcome;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** When deletes are slower than handlers, handlers wait: succeeded but undeleted jobs stay bounded. */
class WorkerBackpressureTest extends SqliteQueueTest {
    @Test
    void handlers_wait_for_slow_deletes_instead_of_piling_up_undeleted_jobs() throws Exception {
        AtomicInteger deleted = new AtomicInteger();
        AtomicLong worstBacklog = new AtomicLong();
        AtomicLong succeededSeen = new AtomicLong();
        FaultyBackend slowDeletes = new FaultyBackend() {
            @Override
            public List<Outcome> delete(DeleteRequest request) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                List<Outcome> outcomes = super.delete(request);
                deleted.addAndGet((int) outcomes.stream().filter(o -> o == Outcome.DONE).count());
                return outcomes;
            }
        };
        JobQueue slow = wrap(slowDeletes);
        slow.selectPipeline("fast").addJobs(IntStream.range(0, 400).boxed().toList());
        int batch = 4;
        Worker worker = Worker.builder(slow).registerWorker("fast", job -> succeededSeen.incrementAndGet())
                .concurrency(2).batchSize(batch).build();
        worker.start();
        try {
            awaitTrue("every job deleted", () -> {
                worstBacklog.accumulateAndGet(succeededSeen.get() - deleted.get(), Math::max);
                return deleted.get() == 400;
            });
        } finally {
            closeAndAwait(worker);
        }
        long bound = (long) Acknowledger.PENDING_BATCHES * batch + 2;
        assertTrue(worstBacklog.get() <= bound, "undeleted succeeded jobs peaked at " + worstBacklog.get()
                + ", more than " + bound);
        assertTrue(worstBacklog.get() >= batch, "the deletes were the bottleneck: " + worstBacklog.get());
        assertEquals(0, queue.stats("fast").total());
    }
}
