package io.jobqueue.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * Which of the store's batch transactions ({@link TaskManager#inBatchTransaction}: claims, completions, fan-outs)
 * commit without waiting for the disk: only on SQLite with the queue in the same file; with the queue elsewhere (the
 * outbox) or on a database server, they wait, and the connection is put back as it was.
 */
class BatchDurabilityTest {
    private static TaskManager manager(TaskDatabase db) {
        return TaskManager.builder(db.queue, db.store).pipelinePrefix(db.pipelinePrefix())
                .registerWorker("one", ctx -> null).build();
    }

    private static String setting(TaskStore.Work<String> read, TaskManager tasks, boolean batch) {
        return batch ? tasks.inBatchTransaction("reading a setting", read)
                : tasks.store().inTransaction("reading a setting", read);
    }

    private static String query(Transaction t, String sql) throws java.sql.SQLException {
        try (Statement s = t.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void sqlite_with_the_queue_in_the_same_file_relaxes_its_batches_and_nothing_else() throws Exception {
        try (TaskDatabase db = TaskDatabase.open("sqlite", Clock.systemUTC()); TaskManager tasks = manager(db)) {
            TaskStore.Work<String> level = t -> query(t, "PRAGMA synchronous");
            assertEquals("1", setting(level, tasks, true), "NORMAL inside a batch");
            assertEquals("2", setting(level, tasks, false), "FULL otherwise, put back after the batch");
        }
    }

    @Test
    void sqlite_with_the_queue_on_beanstalkd_waits_for_the_disk() throws Exception {
        try (TaskDatabase db = TaskDatabase.outbox("sqlite", Clock.systemUTC()); TaskManager tasks = manager(db)) {
            assertEquals("2", setting(t -> query(t, "PRAGMA synchronous"), tasks, true));
        }
    }

    @Test
    void postgresql_waits_for_the_disk() throws Exception {
        try (TaskDatabase db = TaskDatabase.open("postgresql", Clock.systemUTC()); TaskManager tasks = manager(db)) {
            assertEquals("on", setting(t -> query(t, "SHOW synchronous_commit"), tasks, true));
        }
    }
}
