package io.jobqueue.jdbc;

import io.jobqueue.Job;
import io.jobqueue.spi.JobRef;
import io.jobqueue.spi.NewJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * PostgreSQL 9.5+: a reserve is one statement, {@code UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED LIMIT n)
 * RETURNING …}, so concurrent reserves pass each other's locked rows instead of waiting on them. Every insert
 * notifies the table's channel in the same statement, which wakes the {@link PostgresListener}s of all processes.
 */
final class PostgresDialect extends Dialect {

    @Override
    String name() {
        return "postgresql";
    }

    /**
     * Quoted in lower case: earlier releases wrote names unquoted, which PostgreSQL folds to lower case, so this
     * finds their tables and keeps table names case-insensitive as they were.
     */
    @Override
    String quote(String identifier) {
        return '"' + identifier.toLowerCase(Locale.ROOT) + '"';
    }

    /** The channel idle workers listen on; an insert notifies it in the same statement. */
    static String channel(Table t) {
        return (t.name() + "_ready").toLowerCase(Locale.ROOT);
    }

    @Override
    List<String> createTable(Table t) {
        // fillfactor leaves room on each page so the many updates of a row's state can stay on its page (HOT
        // updates when no indexed column changes), and autovacuum runs early because finished jobs leave the
        // table as dead rows: the reserve scan must not wade through them.
        return List.of("""
                CREATE TABLE IF NOT EXISTS %s (
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
                  payload BYTEA NOT NULL,
                  token BIGINT NOT NULL DEFAULT 0,
                  %s)
                WITH (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
                      autovacuum_vacuum_cost_delay = 0)""".formatted(t.sql(), String.join(",\n  ", uniqueColumns())),
                PartialIndexes.ready(t), PartialIndexes.buried(t), createUniqueIndex(t), createPipelinesTable(t),
                createWorkersTable(t),
                createSchedulesTable(t));
    }

    /** VARCHAR counts characters; the comparison is exact (the database's collation decides only order). */
    @Override
    String uniqueKeyType() {
        return "VARCHAR(255)";
    }

    @Override
    String createPipelinesTable(Table t) {
        return "CREATE TABLE IF NOT EXISTS %s (pipeline VARCHAR(200) NOT NULL PRIMARY KEY, paused_at BIGINT, %s)"
                .formatted(t.pipelinesSql(), String.join(", ", LIMIT_COLUMNS));
    }

    @Override
    String createSchedulesTable(Table t) {
        return """
                CREATE TABLE IF NOT EXISTS %s (
                  name VARCHAR(200) NOT NULL PRIMARY KEY,
                  cron VARCHAR(200),
                  interval_ms BIGINT,
                  zone VARCHAR(100) NOT NULL,
                  pipeline VARCHAR(200) NOT NULL,
                  payload BYTEA NOT NULL,
                  priority BIGINT NOT NULL,
                  ttr_ms BIGINT NOT NULL,
                  next_run_at BIGINT NOT NULL,
                  created_at BIGINT NOT NULL)""".formatted(t.schedulesSql());
    }

    @Override
    Set<String> columnsOf(Connection c, String table) throws SQLException {
        String sql = """
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = ?""";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.toLowerCase(Locale.ROOT)); // as quote() writes it
            return Dialect.names(ps);
        }
    }

    @Override
    List<String> readyIndexOfLiveRows(Table t) {
        return PartialIndexes.readyOfLiveRowsOnly(t);
    }

    @Override
    void lockSchema(Connection c, Table table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, table.schemaLockName().hashCode());
            ps.execute();
        }
    }

    @Override
    List<Job> reserve(Connection c, Table t, List<String> pipelines, int max, long now, long token)
            throws SQLException {
        String sql = """
                UPDATE %s j SET reserves = j.reserves + 1, token = ?, run_at = ? + j.ttr_ms, %s
                FROM (%s FOR UPDATE SKIP LOCKED) picked
                WHERE j.id = picked.id
                RETURNING %s""".formatted(t.sql(), FREE_QUEUED_KEY, reserveCandidates(t, "id", pipelines.size()),
                Rows.columns("j", Rows.RESERVED_COLUMNS));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, token);
            ps.setLong(2, now);
            bindCandidates(ps, 3, pipelines, now, max);
            return Rows.readReserved(ps, true, token);
        }
    }

    /**
     * Joined into a statement that runs on its own (autocommit), makes its commit asynchronous as {@link
     * #relaxDurability} does for a transaction: {@code set_config(…, true)} lasts until that statement's commit,
     * which reads the setting. Being a subquery of one row, it costs nothing per row.
     */
    private static final String RELAXED = "(SELECT set_config('synchronous_commit', 'off', true)) relaxed";

    @Override
    boolean relaxesInStatement() {
        return true;
    }

    /**
     * {@link #reserve} and the check that no watched pipeline has limits in one statement, run on its own: one
     * round trip instead of four (the durability setting, the limits' lock, the reserve, the commit). The
     * limited pipelines are read first (a CTE) and gate the update: if there are any, nothing is reserved and a
     * single row with id 0 says so.
     */
    @Override
    List<Job> reserveUnlessLimited(Connection c, Table t, List<String> pipelines, int max, long now, long token)
            throws SQLException {
        String sql = """
                WITH limited AS (
                  SELECT 1 FROM %s WHERE pipeline IN (%s) AND (max_running > 0 OR max_per_second > 0)
                    AND paused_at IS NULL LIMIT 1),
                reserved AS (
                  UPDATE %s j SET reserves = j.reserves + 1, token = ?, run_at = ? + j.ttr_ms, %s
                  FROM (%s FOR UPDATE SKIP LOCKED) picked, %s
                  WHERE j.id = picked.id AND NOT EXISTS (SELECT 1 FROM limited)
                  RETURNING %s)
                SELECT * FROM reserved
                UNION ALL SELECT 0, NULL, 0, 0, 0, 0, NULL, NULL FROM limited""".formatted(t.pipelinesSql(),
                Table.placeholders(pipelines.size()), t.sql(), FREE_QUEUED_KEY,
                reserveCandidates(t, "id", pipelines.size()), RELAXED, Rows.columns("j", Rows.RESERVED_COLUMNS));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (String pipeline : pipelines) {
                ps.setString(i++, pipeline);
            }
            ps.setLong(i++, token);
            ps.setLong(i++, now);
            bindCandidates(ps, i, pipelines, now, max);
            try (ResultSet rs = ps.executeQuery()) {
                List<Job> jobs = Rows.readReserved(rs, true, token);
                return !jobs.isEmpty() && jobs.get(0).id() == 0 ? null : jobs;
            }
        }
    }

    /**
     * One job is a plain one-row INSERT; more go as four arrays unnested into one INSERT: a handful of parameters
     * instead of six per row, so the statement parses and binds in constant time. Either way the notification is
     * sent when the inserting transaction commits (the caller's, for a transactional add), never before the jobs
     * are visible; equal notifications in one transaction fold into one.
     */
    @Override
    List<Long> insert(Connection c, Table t, String pipeline, List<NewJob> jobs, long now) throws SQLException {
        if (anyKeyed(jobs)) {
            return insertEach(c, t, pipeline, jobs, now);
        }
        if (jobs.size() == 1) {
            String sql = """
                    WITH added AS (INSERT INTO %s %s VALUES %s RETURNING id),
                    woken AS (SELECT pg_notify(?, ''))
                    SELECT added.id FROM added CROSS JOIN woken""".formatted(t.sql(), INSERT_COLUMNS, JOB_ROW);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int next = bindJobRow(ps, 1, pipeline, jobs.get(0), now);
                ps.setString(next, channel(t));
                return Rows.readIds(ps);
            }
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
        String sql = """
                WITH added AS (
                  INSERT INTO %s %s
                  SELECT ?, x.priority, 0, x.run_at, x.ttr_ms, 0, ?, x.payload
                  FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bytea[]) AS x(priority, run_at, ttr_ms, payload)
                  RETURNING id),
                woken AS (SELECT pg_notify(?, ''))
                SELECT added.id FROM added CROSS JOIN woken""".formatted(t.sql(), INSERT_COLUMNS);
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

    /**
     * The upsert of {@link Dialect#upsertReturningId}, notifying as a plain insert does. A second add of a live key
     * waits for the first one's transaction, then gets its id; if that transaction freed the key meanwhile (a
     * reserve of a QUEUED key), PostgreSQL tries the insert again and it succeeds.
     */
    @Override
    long insertKeyed(Connection c, Table t, String pipeline, NewJob job, long now) throws SQLException {
        String sql = """
                WITH added AS (%s),
                woken AS (SELECT pg_notify(?, ''))
                SELECT added.id FROM added CROSS JOIN woken""".formatted(upsertReturningId(t));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int next = bindKeyedRow(ps, 1, pipeline, job, now);
            ps.setString(next, channel(t));
            return Rows.readIds(ps).get(0);
        }
    }

    /** One statement for the whole batch: the ids and reservation tokens travel as two arrays. */
    @Override
    int[] deleteHeld(Connection c, Table t, List<JobRef> refs, long now) throws SQLException {
        return deleteHeld(c, t, refs, now, "");
    }

    /** {@link #deleteHeld} as a statement of its own whose commit is relaxed: one round trip. */
    @Override
    int[] acknowledge(Connection c, Table t, List<JobRef> refs, long now) throws SQLException {
        return deleteHeld(c, t, refs, now, ", " + RELAXED);
    }

    private int[] deleteHeld(Connection c, Table t, List<JobRef> refs, long now, String join) throws SQLException {
        Long[] ids = new Long[refs.size()];
        Long[] tokens = new Long[refs.size()];
        for (int i = 0; i < refs.size(); i++) {
            ids[i] = refs.get(i).id();
            tokens[i] = refs.get(i).reservation();
        }
        String sql = """
                DELETE FROM %s j
                USING (SELECT unnest(?::bigint[]) AS id, unnest(?::bigint[]) AS token) held%s
                WHERE j.id = held.id AND j.token = held.token AND j.state = 0 AND j.run_at > ?
                RETURNING j.id""".formatted(t.sql(), join);
        Set<Long> deleted;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("bigint", ids));
            ps.setArray(2, c.createArrayOf("bigint", tokens));
            ps.setLong(3, now);
            deleted = new HashSet<>(Rows.readIds(ps));
        }
        int[] counts = new int[refs.size()];
        for (int i = 0; i < refs.size(); i++) {
            counts[i] = deleted.contains(ids[i]) ? 1 : 0;
        }
        return counts;
    }

    @Override
    void relaxDurability(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL synchronous_commit TO OFF");
        }
    }
}
