package io.jobqueue.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobqueue.worker.Worker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void the_full_name_and_status_indexes_of_an_earlier_version_give_way_to_partial_ones(String database)
            throws Exception {
        try (TaskDatabase db = TaskDatabase.open(database, Clock.systemUTC())) {
            String tasks = db.prefix + "tasks";
            try (Connection c = DriverManager.getConnection(db.storeUrl); Statement s = c.createStatement()) {
                s.execute("DROP INDEX " + tasks + "_top_name");
                s.execute("DROP INDEX " + tasks + "_top_status");
                s.execute("CREATE INDEX " + tasks + "_name ON " + tasks + " (name, status, id)"); // as it was
                s.execute("CREATE INDEX " + tasks + "_status ON " + tasks + " (status, id)");
            }
            assertEquals(List.of(tasks + "_name", tasks + "_status"), nameAndStatusIndexes(db, tasks));
            try (TaskStore upgraded = TaskStore.builder().url(db.storeUrl).tablePrefix(db.prefix).build();
                    TaskManager manager = TaskManager.builder(db.queue, upgraded).pipelinePrefix(db.pipelinePrefix())
                            .registerWorker(TASK, ctx -> ctx.taskId()).build()) {
                assertEquals(List.of(tasks + "_top_name", tasks + "_top_status"), nameAndStatusIndexes(db, tasks));
                long id = manager.queue(TASK, 0).id();
                assertEquals(List.of(id), manager.list(TaskQuery.all().withName(TASK).withStatus(TaskStatus.QUEUED))
                        .stream().map(Task::id).toList());
            }
        }
    }

    /** The table's indexes other than its key, the children's and the pruning one, by name. */
    private static List<String> nameAndStatusIndexes(TaskDatabase db, String table) throws Exception {
        String sql = db.storeUrl.startsWith("jdbc:sqlite:")
                ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
                : "SELECT indexname FROM pg_indexes WHERE tablename = ?";
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.storeUrl);
                java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (name.endsWith("_name") || name.endsWith("_status")) {
                        out.add(name);
                    }
                }
            }
        }
        return out.stream().sorted().toList();
    }
}
