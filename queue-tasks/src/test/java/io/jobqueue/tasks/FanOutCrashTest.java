package io.jobqueue.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.JobOptions;
import io.jobqueue.tck.Await;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A task fans out 10,000 children across 3 worker processes; one process is killed with SIGKILL mid-run and
 * started again, as a supervisor would. Its reserved jobs come back after their TTR and run again. The final
 * stage still runs exactly once (the task's attempts count one start per stage), the counts are 10,000, and every
 * child has exactly one recorded result (each child returns its number, and the results add up). On beanstalkd
 * (a store in an SQLite file, jobs through its outbox) the killed process's connections close, and beanstalkd
 * makes the jobs they held ready again at once.
 */
@Tag("slow")
class FanOutCrashTest {
    private static final int CHILDREN = 10_000;
    private static final int PROCESSES = 3;
    private static final int THREADS = 16;
    /** Short, so the killed process's reservations come back soon; the runtime touches longer handlers. */
    private static final Duration TTR = Duration.ofSeconds(5);

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb", "beanstalkd"})
    void the_final_stage_runs_once_when_a_worker_process_is_killed(String database) throws Exception {
        try (TaskDatabase db = TaskDatabase.open(database, Clock.systemUTC())) {
            TaskManager tasks = FanOutDefinitions.manager(db);
            long id = tasks.queue(FanOutDefinitions.TASK, CHILDREN, JobOptions.defaults().withTtr(TTR)).id();
            TaskQuery children = TaskQuery.all().childrenOf(id);
            long started = System.nanoTime();
            List<String> problems;
            long killed;
            try (WorkerProcesses workers = WorkerProcesses.start(db, PROCESSES, THREADS)) {
                Await.until("a fifth of the children complete", Duration.ofMinutes(3),
                        () -> workers.aliveAnd(() -> tasks.count(children.withStatus(TaskStatus.COMPLETED))
                                >= CHILDREN / 5));
                killed = workers.killAndRestart(0);
                long atKill = tasks.count(children.withStatus(TaskStatus.COMPLETED));
                Await.until("the task finishes", Duration.ofMinutes(4),
                        () -> workers.aliveAnd(() -> tasks.getTask(id).status().isFinished()));
                System.out.printf("%s: %d children across %d processes (process %d killed at %d completed) in %d ms%n",
                        database, CHILDREN, PROCESSES, killed, atKill, (System.nanoTime() - started) / 1_000_000);
                problems = workers.stop();
            }

            FanOutDefinitions.assertCompletedOnce(tasks, id, CHILDREN, problems);
            long sum = 0;
            for (long offset = 0; offset < CHILDREN; offset += 1_000) {
                for (Task child : tasks.list(children.page(offset, 1_000))) {
                    assertTrue(child.attempts() >= 1, "child " + child.id() + " ran");
                    sum += child.resultAs(Long.class).orElseThrow();
                }
            }
            assertEquals(LongStream.range(0, CHILDREN).sum(), sum, "every child has its one result");
            assertEquals(0, db.queue.stats(tasks.pipeline(FanOutDefinitions.CHILD)).total(), "no job left");
        }
    }
}
