package io.jobqueue.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.tck.Await;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 3 JVM processes x 4 threads run one task's 2,000 children and its final stage: the final stage starts once
 * (the task's attempts count one start per stage), the counts add up, and every child ran and was counted once.
 */
@Tag("slow")
class FanOutAcrossProcessesTest {
    private static final int CHILDREN = 2_000;
    private static final int PROCESSES = 3;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void the_final_stage_runs_once_however_many_processes_finish_children(String database) throws Exception {
        try (TaskDatabase db = TaskDatabase.open(database, java.time.Clock.systemUTC())) {
            TaskManager tasks = FanOutDefinitions.manager(db);
            long id = tasks.queue(FanOutDefinitions.TASK, CHILDREN).id();

            long started = System.nanoTime();
            List<String> problems;
            try (WorkerProcesses workers = WorkerProcesses.start(db, PROCESSES, 4)) {
                Await.until("the task completes", Duration.ofMinutes(4),
                        () -> workers.aliveAnd(() -> tasks.getTask(id).status().isFinished()));
                System.out.printf("%s: %d children across %d processes finished in %d ms%n", database, CHILDREN,
                        PROCESSES, (System.nanoTime() - started) / 1_000_000);
                problems = workers.stop();
            }

            TaskQuery children = FanOutDefinitions.assertCompletedOnce(tasks, id, CHILDREN, problems);
            long runs = 0;
            for (long offset = 0; offset < CHILDREN; offset += 1_000) {
                runs += tasks.list(children.page(offset, 1_000)).stream().mapToLong(Task::attempts).sum();
            }
            assertEquals(CHILDREN, runs, "every child started once");
            assertTrue(db.queue.stats(tasks.pipeline(FanOutDefinitions.CHILD)).total() == 0, "no job left");
        }
    }
}
