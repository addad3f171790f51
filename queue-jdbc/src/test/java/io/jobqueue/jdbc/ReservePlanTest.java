package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reserve query reads the ready index in order, on every database, rather than scanning the table. */
class ReservePlanTest {
    private static final String TABLE = "jobqueue_plan_test";

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void reserve_reads_the_ready_index_not_the_whole_table(String database) throws Exception {
        String url = TestDatabases.url(database, "plan");
        QueueSettings settings = QueueSettings.builder().option(JdbcBackend.TABLE, TABLE).build();
        try (JdbcBackend backend = JdbcBackend.open(url, settings); Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM " + TABLE);
            }
            JobQueue queue = JobQueue.create(backend, settings);
            for (int p = 0; p < 40; p++) {
                queue.selectPipeline("plan-" + p).addJobs(IntStream.range(0, 500).mapToObj(i -> "job " + i).toList());
            }
            analyze(c, database);
            Dialect dialect = Dialects.byName(database);
            String select = dialect.reserveCandidates(Table.of(TABLE, dialect), "id", 1);
            List<String> plan = explain(c, database, select);
            String text = String.join("\n", plan);
            switch (database) {
                case "postgresql" -> {
                    assertTrue(text.contains(TABLE + "_ready"), "plan uses the ready index:\n" + text);
                    assertFalse(text.contains("Seq Scan on " + TABLE + " "), "plan scans the table:\n" + text);
                }
                case "sqlite" -> assertTrue(text.contains("USING INDEX " + TABLE + "_ready")
                        || text.contains("USING COVERING INDEX " + TABLE + "_ready"), "plan:\n" + text);
                default -> {
                    assertEquals(TABLE + "_ready", plan.get(1), "index used; plan: " + text);
                    assertNotEquals("ALL", plan.get(0), "full table scan; plan: " + text);
                }
            }
        }
    }

    private static void analyze(Connection c, String database) throws Exception {
        try (Statement s = c.createStatement()) {
            switch (database) {
                case "postgresql" -> s.execute("ANALYZE " + TABLE);
                case "sqlite" -> s.execute("ANALYZE");
                default -> s.execute("ANALYZE TABLE " + TABLE);
            }
        }
    }

    /** The plan lines; for MariaDB the access type and the key of the table's row. */
    private static List<String> explain(Connection c, String database, String select) throws Exception {
        String prefix = database.equals("sqlite") ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
        try (PreparedStatement ps = c.prepareStatement(prefix + select)) {
            Dialect.bindCandidates(ps, 1, List.of("plan-7"), System.currentTimeMillis(), 10);
            List<String> lines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    switch (database) {
                        case "postgresql" -> lines.add(rs.getString(1));
                        case "sqlite" -> lines.add(rs.getString("detail"));
                        default -> {
                            lines.add(rs.getString("type"));
                            lines.add(rs.getString("key"));
                        }
                    }
                }
            }
            return lines;
        }
    }
}
