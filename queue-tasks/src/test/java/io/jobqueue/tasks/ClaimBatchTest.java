package io.jobqueue.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The claims of a batch ({@link Transitions#batch}, one {@code UPDATE … FROM} per round on PostgreSQL and SQLite, a
 * statement batch on MariaDB) behave as one guarded update per job in order, with a task named by two jobs.
 */
class ClaimBatchTest {
    private static final long HOLDER = 1_000_001;
    private static final long STRAY = 1_000_002;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void a_stray_job_ahead_of_the_claims_holder_in_one_batch_does_not_take_the_claim_from_it(String database)
            throws Exception {
        try (TaskDatabase db = TaskDatabase.open(database, Clock.systemUTC());
                TaskManager tasks = TaskManager.builder(db.queue, db.store).pipelinePrefix(db.pipelinePrefix())
                        .registerWorker("one", ctx -> null).build()) {
            long id = tasks.queue("one", null).id();
            TaskJob holder = new TaskJob(id, 0, HOLDER);
            TaskJob stray = new TaskJob(id, 0, STRAY);
            assertEquals(List.of(holder), claimed(tasks, List.of(holder)), "the first claim");
            // The holder's job back (after a failed attempt) and a stray one for the same task, the stray first.
            assertEquals(List.of(holder), claimed(tasks, List.of(stray, holder)));
            assertEquals(List.of(), claimed(tasks, List.of(stray)));
            assertEquals(2, tasks.getTask(id).attempts(), "two claims applied");
            // Two jobs for a queued task in one batch: the first one in the batch gets it, as it would alone.
            long other = tasks.queue("one", null).id();
            assertEquals(List.of(new TaskJob(other, 0, STRAY)), claimed(tasks, List.of(new TaskJob(other, 0, STRAY),
                    new TaskJob(other, 0, HOLDER))));
        }
    }

    private static List<TaskJob> claimed(TaskManager tasks, List<TaskJob> jobs) {
        Map<TaskJob, TaskRows.Claimed> claimed = tasks.store().inTransaction("claiming",
                t -> tasks.transitions().batch(t, jobs, List.of()).claimed());
        return jobs.stream().filter(claimed::containsKey).toList();
    }
}
