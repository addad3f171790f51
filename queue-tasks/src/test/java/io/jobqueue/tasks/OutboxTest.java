package io.jobqueue.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.tck.Await;
import io.jobqueue.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The outbox of a queue without transactions (beanstalkd), with the task store on each database: jobs are sent
 * once their transaction commits, and what a crash between the commit and the send left behind is sent by a
 * worker process's sweeper, once, after the grace.
 */
class OutboxTest {
    private static final String TASK = "echo";
    /** Stands for the process dying right after the commit: the after-commit send that follows never runs. */
    private static final String CRASH = "crash between commit and send";

    private final MovableClock clock = new MovableClock();

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void rows_left_by_a_crash_between_commit_and_send_are_sent_by_the_sweeper(String store) throws Exception {
        try (TaskDatabase db = TaskDatabase.outbox(store, clock); TaskManager tasks = manager(db)) {
            assertInstanceOf(OutboxDispatch.class, tasks.dispatch());
            long sent = tasks.queue(TASK, 0).id();
            assertEquals(0, tasks.outboxSize(), "a job is sent, and its row deleted, right after the commit");
            assertEquals(1, db.queue.stats(tasks.pipeline(TASK)).ready());

            List<Long> crashed = queueAndCrash(tasks, 3);
            assertEquals(3, tasks.outboxSize(), "the rows outlive the crash");
            assertEquals(1, db.queue.stats(tasks.pipeline(TASK)).ready(), "their jobs were never sent");
            assertEquals(0, sweeper(tasks).sweep(), "rows younger than the grace are left to their own send");

            clock.advance(OutboxSweeper.GRACE.plusSeconds(1));
            Worker worker = tasks.workerBuilder().concurrency(2).build(); // starts the manager's sweeper
            worker.start();
            try {
                for (long id : crashed) {
                    TaskManagerContract.awaitStatus(tasks, id, TaskStatus.COMPLETED);
                    assertEquals(String.valueOf(id), tasks.getTask(id).result());
                }
                TaskManagerContract.awaitStatus(tasks, sent, TaskStatus.COMPLETED);
                Await.until("the outbox is empty", () -> tasks.outboxSize() == 0);
                Await.until("every job ran once and is gone", () -> db.queue.stats(tasks.pipeline(TASK)).total() == 0);
            } finally {
                worker.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void two_sweepers_at_once_send_each_row_once(String store) throws Exception {
        int rows = 1_200; // more than one sweep transaction takes
        try (TaskDatabase db = TaskDatabase.outbox(store, clock); TaskManager tasks = manager(db)) {
            List<Long> ids = queueAndCrash(tasks, rows);
            clock.advance(OutboxSweeper.GRACE.plusSeconds(1));
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> sweeps = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    sweeps.add(threads.submit(sweeper(tasks)::sweep));
                }
                int total = 0;
                for (Future<Integer> sweep : sweeps) {
                    total += sweep.get();
                }
                assertEquals(rows, total);
            } finally {
                threads.shutdown();
            }
            assertEquals(0, tasks.outboxSize());
            // The jobs carry the tasks in packs (JobPacking): each task in exactly one of them.
            JobQueue reader = db.queue.watchPipeline(tasks.pipeline(TASK));
            List<Long> sent = new ArrayList<>();
            for (List<Job> jobs; !(jobs = reader.reserveJobs(100, Duration.ZERO)).isEmpty(); ) {
                for (Job job : jobs) {
                    TaskJob.all(job).forEach(j -> sent.add(j.task()));
                }
            }
            assertEquals(ids.stream().sorted().toList(), sent.stream().sorted().toList(), "every task once");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void a_unique_key_is_refused_since_the_outbox_cannot_carry_it(String store) throws Exception {
        try (TaskDatabase db = TaskDatabase.outbox(store, clock); TaskManager tasks = manager(db)) {
            assertThrows(io.jobqueue.InvalidInputException.class,
                    () -> tasks.queue(TASK, 1, JobOptions.defaults().withUniqueKey("k")));
            assertEquals(0, tasks.count(TaskQuery.all()), "nothing stored");
        }
    }

    private static TaskManager manager(TaskDatabase db) {
        return TaskManager.builder(db.queue, db.store).pipelinePrefix(db.pipelinePrefix())
                .registerWorker(TASK, ctx -> ctx.taskId())
                .build();
    }

    private static OutboxSweeper sweeper(TaskManager tasks) {
        return new OutboxSweeper(tasks.store(), (OutboxDispatch) tasks.dispatch());
    }

    /** Queues {@code n} tasks in one transaction, as {@link TaskManager#queue} does, and "crashes" after its commit. */
    private static List<Long> queueAndCrash(TaskManager tasks, int n) {
        List<Long> ids = new ArrayList<>();
        IllegalStateException crash = assertThrows(IllegalStateException.class,
                () -> tasks.store().inTransaction("queueing and crashing", t -> {
                    ids.clear(); // a transaction run again after a transient failure starts over
                    t.afterCommit(() -> {
                        throw new IllegalStateException(CRASH);
                    });
                    for (int i : IntStream.range(0, n).toArray()) {
                        ids.add(tasks.taskRows().insert(t, TASK, String.valueOf(i), 1024, 60_000));
                    }
                    tasks.dispatch().enqueue(t, TASK, ids, 0, 1024, 60_000);
                    return null;
                }));
        assertEquals(CRASH, crash.getMessage());
        return ids;
    }
}
