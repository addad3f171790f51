package io.jobqueue.jdbc;

import io.jobqueue.spi.JobRef;
import io.jobqueue.spi.NewJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * MySQL 8: where it differs from MariaDB, it has no {@code RETURNING} at all. Inserted ids come back as generated
 * keys, one row per statement: in MySQL 8's default interleaved auto-increment mode a multi-row insert may get
 * ids with gaps, so keys computed from the first id could be wrong. Acknowledgements are a batch of one-row
 * deletes, whose counts say which were done.
 */
final class MySqlDialect extends MySqlFamilyDialect {

    @Override
    String name() {
        return "mysql";
    }

    /**
     * Not batched: with {@code rewriteBatchedStatements} MySQL Connector/J would turn a batch into one multi-row
     * insert and derive the keys from the first id, the very thing the interleaved mode makes unsafe.
     */
    @Override
    List<Long> insert(Connection c, Table t, String pipeline, List<NewJob> jobs, long now) throws SQLException {
        if (anyKeyed(jobs)) {
            return insertEach(c, t, pipeline, jobs, now);
        }
        List<Long> ids = new ArrayList<>(jobs.size());
        String sql = "INSERT INTO %s %s VALUES %s".formatted(t.sql(), INSERT_COLUMNS, JOB_ROW);
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            for (NewJob job : jobs) {
                bindJobRow(ps, 1, pipeline, job, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    ids.add(keys.getLong(1));
                }
            }
        }
        return ids;
    }

    @Override
    boolean insertIsOneStatement(int jobs) {
        return jobs == 1;
    }

    /**
     * A count per job. A driver that rewrites the batch may report {@link Statement#SUCCESS_NO_INFO} instead;
     * the backend then tells deleted from lost by whether the row is still there.
     */
    @Override
    int[] deleteHeld(Connection c, Table t, List<JobRef> refs, long now) throws SQLException {
        String sql = "DELETE FROM %s WHERE id = ? AND state = 0 AND token = ? AND run_at > ?".formatted(t.sql());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (JobRef ref : refs) {
                ps.setLong(1, ref.id());
                ps.setLong(2, ref.reservation());
                ps.setLong(3, now);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }
}
