package io.jobqueue.jdbc;

import io.jobqueue.Job;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import io.jobqueue.spi.JobRef;
import io.jobqueue.spi.NewJob;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.stream.Collectors;

/**
 * PostgreSQL 9.5+: a reserve is one statement, {@code UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED LIMIT n)
 * RETURNING …}, so concurrent reserves pass each other's locked rows instead of waiting on them.
 */
final class PostgresDialect extends Dialect {

    @Override
    String name() {
        return "postgresql";
    }

    @Override
    List<String> createTable(Table t) {
        // fillfactor leaves room on each page so the many updates of a row's state can stay on its page (HOT
        // updates when no indexed column changes), and autovacuum runs early because finished jobs leave the
        // table as dead rows: the reserve scan must not wade through them.
        return List.of("""
                CREATE TABLE IF NOT EXISTS %1$s (
                  id BIGSERIAL PRIMARY KEY,
                  pipeline VARCHAR(200) NOT NULL,
                  priority BIGINT NOT NULL,
                  state SMALLINT NOT NULL,
                  run_at BIGINT NOT NULL,
                  ttr_ms BIGINT NOT NULL,
                  reserves INTEGER NOT NULL DEFAULT 0,
                  created_at BIGINT NOT NULL,
                  buried_at BIGINT,
                  last_error TEXT,
                  payload BYTEA NOT NULL)
                WITH (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
                      autovacuum_vacuum_cost_delay = 0)""".formatted(t.name()),
                // Partial index: only rows a reserve can take, in the order it takes them.
                "CREATE INDEX IF NOT EXISTS %1$s_ready ON %1$s (pipeline, priority, id) WHERE state < 2"
                        .formatted(t.name()),
                "CREATE INDEX IF NOT EXISTS %1$s_buried ON %1$s (pipeline, buried_at, id) WHERE state = 2"
                        .formatted(t.name()));
    }

    @Override
    void lockSchema(Connection c, Table table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, ("jobqueue schema " + table.name()).hashCode());
            ps.execute();
        }
    }

    @Override
    List<Job> reserve(Connection c, Table t, List<String> pipelines, int max, long now, long token)
            throws SQLException {
        String returning = Arrays.stream(Table.COLUMNS.split(", ")).map(col -> "j." + col)
                .collect(Collectors.joining(", "));
        String sql = "UPDATE " + t.name() + " j SET reserves = j.reserves + 1, token = ?, run_at = ? + j.ttr_ms"
                + " FROM (" + t.readyCandidates("id", pipelines.size()) + " FOR UPDATE SKIP LOCKED) picked"
                + " WHERE j.id = picked.id RETURNING " + returning;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, token);
            ps.setLong(2, now);
            bindPipelines(ps, 3, pipelines);
            ps.setLong(3 + pipelines.size(), now);
            ps.setInt(4 + pipelines.size(), max);
            return Rows.readReserved(ps, true, token);
        }
    }

    /** The channel idle workers listen on; an insert notifies it in the same statement. */
    static String channel(Table t) {
        return (t.name() + "_ready").toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    String insertReturningIds(Table t, int rows) {
        // The notification is sent when the inserting transaction commits (the caller's, for a transactional
        // add), never before the jobs are visible. Equal notifications in one transaction fold into one.
        return "WITH added AS (" + super.insertReturningIds(t, rows) + "), woken AS (SELECT pg_notify(?, ''))"
                + " SELECT added.id FROM added CROSS JOIN woken";
    }

    @Override
    void bindAfterRows(PreparedStatement ps, int index, Table t) throws SQLException {
        ps.setString(index, channel(t));
    }

    /**
     * Many jobs go as five arrays unnested into one INSERT: a handful of parameters instead of six per row, so
     * the statement parses and binds in constant time.
     */
    @Override
    List<Long> insert(Connection c, Table t, String pipeline, List<NewJob> jobs, long now) throws SQLException {
        if (jobs.size() == 1) {
            return super.insert(c, t, pipeline, jobs, now);
        }
        Long[] priorities = new Long[jobs.size()];
        Long[] runAts = new Long[jobs.size()];
        Long[] ttrs = new Long[jobs.size()];
        byte[][] payloads = new byte[jobs.size()][];
        for (int i = 0; i < jobs.size(); i++) {
            NewJob job = jobs.get(i);
            priorities[i] = job.priority();
            runAts[i] = now + job.delay().toMillis();
            ttrs[i] = job.ttr().toMillis();
            payloads[i] = job.payload();
        }
        String sql = "WITH added AS (" + t.insertColumns()
                + " SELECT ?, x.priority, 0, x.run_at, x.ttr_ms, 0, ?, x.payload"
                + " FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bytea[]) AS x(priority, run_at, ttr_ms, payload)"
                + " RETURNING id), woken AS (SELECT pg_notify(?, '')) SELECT added.id FROM added CROSS JOIN woken";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, pipeline);
            ps.setLong(2, now);
            ps.setArray(3, c.createArrayOf("bigint", priorities));
            ps.setArray(4, c.createArrayOf("bigint", runAts));
            ps.setArray(5, c.createArrayOf("bigint", ttrs));
            ps.setArray(6, c.createArrayOf("bytea", payloads));
            ps.setString(7, channel(t));
            List<Long> ids = Rows.readIds(ps);
            ids.sort(null); // ids follow the arrays' order; RETURNING need not
            return ids;
        }
    }

    @Override
    boolean insertIsOneStatement(int jobs) {
        return true;
    }

    /** One statement for the whole batch: the ids and reservation tokens travel as two arrays. */
    @Override
    int[] deleteHeld(Connection c, Table t, List<JobRef> refs, long now) throws SQLException {
        Long[] ids = new Long[refs.size()];
        Long[] tokens = new Long[refs.size()];
        for (int i = 0; i < refs.size(); i++) {
            ids[i] = refs.get(i).id();
            tokens[i] = refs.get(i).reservation();
        }
        Set<Long> deleted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t.name() + " j"
                + " USING (SELECT unnest(?::bigint[]) AS id, unnest(?::bigint[]) AS token) held"
                + " WHERE j.id = held.id AND j.token = held.token AND j.state = 0 AND j.run_at > ? RETURNING j.id")) {
            ps.setArray(1, c.createArrayOf("bigint", ids));
            ps.setArray(2, c.createArrayOf("bigint", tokens));
            ps.setLong(3, now);
            deleted.addAll(Rows.readIds(ps));
        }
        int[] counts = new int[refs.size()];
        for (int i = 0; i < refs.size(); i++) {
            counts[i] = deleted.contains(ids[i]) ? 1 : 0;
        }
        return counts;
    }

    @Override
    void relaxDurability(Connection c) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("SET LOCAL synchronous_commit TO OFF");
        }
    }

    @Override
    String lockIds(String select) {
        return select + " LIMIT ? FOR UPDATE SKIP LOCKED";
    }
}
