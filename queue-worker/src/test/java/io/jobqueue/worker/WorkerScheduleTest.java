package io.jobqueue.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.InvalidInputException;
import io.jobqueue.JobQueue;
import io.jobqueue.Occurrence;
import io.jobqueue.Recurrence;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WorkerScheduleTest {

    @Test
    void a_worker_built_to_run_schedules_enqueues_their_jobs_and_its_scheduler_stops_with_it() throws Exception {
        try (JobQueue queue = TestQueues.sqlite("worker-schedules")) {
            JobQueue reports = queue.selectPipeline("reports");
            List<Occurrence> seen = new CopyOnWriteArrayList<>();
            Worker worker = Worker.builder(queue).registerWorker("other", job -> { })
                    .runSchedules(Duration.ofMillis(50)).scheduleListener(seen::add).build();
            queue.schedule("every-second", Recurrence.every(Duration.ofSeconds(1)), "reports", "{\"report\":1}");
            worker.start();
            TestQueues.awaitTrue("the scheduler enqueued two occurrences", () -> seen.size() >= 2);
            TestQueues.closeAndAwait(worker);
            assertFalse(schedulerThreadAlive(worker), "the scheduler thread ended with the worker");

            int enqueued = seen.size();
            assertEquals(enqueued, reports.stats().total(), "a job per occurrence");
            assertEquals(enqueued, seen.stream().map(Occurrence::scheduledAt).distinct().count());
            assertTrue(seen.stream().allMatch(o -> o.schedule().equals("every-second")));
            assertEquals("{\"report\":1}", reports.peekReady().orElseThrow().payloadAsString());
        }
    }

    @Test
    void a_bad_poll_interval_is_refused_naming_the_setting() {
        try (JobQueue queue = TestQueues.sqlite("worker-schedules-bad")) {
            for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofMillis(9), Duration.ofMinutes(2)}) {
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> Worker.builder(queue).registerWorker("p", job -> { }).runSchedules(bad).build());
                assertTrue(e.getMessage().contains("runSchedules"), e.getMessage());
            }
        }
    }

    private static boolean schedulerThreadAlive(Worker worker) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(worker.name() + "-scheduler") && t.isAlive());
    }
}
