package io.jobqueue.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobqueue.worker.Worker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A task store whose tables an earlier version created is brought up to date when a store is built on it. */
class StoreUpgradeTest {
    private static final String TASK = "echo";

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void a_tasks_table_from_before_claims_recorded_their_job_gains_the_column_and_runs_tasks(String database)
            throws Exception {
        try (TaskDatabase db = TaskDatabase.open(database, Clock.systemUTC())) {
            try (Connection c = DriverManager.getConnection(db.storeUrl); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE " + db.prefix + "tasks DROP COLUMN claim_job_id"); // as the earlier DDL had it
            }
            try (TaskStore upgraded = TaskStore.builder().url(db.storeUrl).tablePrefix(db.prefix).build();
                    TaskManager tasks = TaskManager.builder(db.queue, upgraded).pipelinePrefix(db.pipelinePrefix())
                            .registerWorker(TASK, ctx -> ctx.taskId()).build()) {
                long id = tasks.queue(TASK, 0).id();
                Worker worker = tasks.workerBuilder().concurrency(1).build();
                worker.start();
                try {
                    TaskManagerContract.awaitStatus(tasks, id, TaskStatus.COMPLETED);
                    assertEquals(String.valueOf(id), tasks.getTask(id).result());
                } finally {
                    worker.close();
                }
            }
        }
    }
}
