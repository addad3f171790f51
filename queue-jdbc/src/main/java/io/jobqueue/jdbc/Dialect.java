package io.jobqueue.jdbc;

import io.jobqueue.Job;
import io.jobqueue.UniqueKey;
import io.jobqueue.spi.JobRef;
import io.jobqueue.spi.NewJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What differs between databases, each subclass holding its database's SQL beside the code that binds it: the
 * schema, how a reserve takes rows, how an insert returns ids, how schema changes are serialised, and which
 * errors are worth a retry. The statements every database runs alike are in {@link CommonStatements}. Here are
 * the pieces several dialects share: the candidate select every reserve is built on, and the
 * {@code RETURNING} forms of insert and delete (SQLite and MariaDB; PostgreSQL and MySQL have their own).
 */
abstract class Dialect {
    /** Rows per multi-row INSERT: well under every database's bind-parameter limit. */
    static final int INSERT_CHUNK = 1000;
    /** The newest schema version: what {@link #createTable} writes and {@link #upgrade} reaches. */
    static final int SCHEMA_VERSION = 8;

    abstract String name();

    /** {@code identifier} as this database writes a quoted name. */
    abstract String quote(String identifier);

    // ---- schema ---------------------------------------------------------------------------------------------

    /** The jobs table and its indexes at {@link #SCHEMA_VERSION}. Each statement does nothing if its object exists. */
    abstract List<String> createTable(Table table);

    /** Every table of a fresh schema at {@link #SCHEMA_VERSION}: {@link #createTable}, then {@link #createKeysTable}. */
    final List<String> createAll(Table table) {
        List<String> all = new ArrayList<>(createTable(table));
        all.addAll(createKeysTable(table));
        return all;
    }

    /** The type of a pipeline name where a table other than the jobs table holds one. */
    String pipelineType() {
        return "VARCHAR(200)";
    }

    /**
     * Schema version 8's table of unique keys held for a period: one row per live key, pointing at the job that
     * took it, kept after the job is gone until {@code expires_at}; and its index of expiry times.
     */
    final List<String> createKeysTable(Table t) {
        String table = """
                CREATE TABLE IF NOT EXISTS %s (
                  pipeline %s NOT NULL,
                  unique_key %s NOT NULL,
                  job_id BIGINT NOT NULL,
                  expires_at BIGINT NOT NULL,
                  PRIMARY KEY (pipeline, unique_key)%s
                )%s""".formatted(t.keysSql(), pipelineType(), uniqueKeyType(),
                indexesInCreateTable() ? ",\n  KEY " + t.keysExpiryIndexSql() + " (expires_at)" : "", tableOptions());
        return indexesInCreateTable() ? List.of(table) : List.of(table,
                "CREATE INDEX IF NOT EXISTS %s ON %s (expires_at)".formatted(t.keysExpiryIndexSql(), t.keysSql()));
    }

    /** True where a new table's indexes are declared in its CREATE TABLE (MySQL has no CREATE INDEX IF NOT EXISTS). */
    boolean indexesInCreateTable() {
        return false;
    }

    /** The columns of the jobs table as created at schema version 1; version 2 added {@code token}. */
    static final Set<String> VERSION_1_COLUMNS = Set.of("id", "pipeline", "priority", "state", "run_at", "ttr_ms",
            "reserves", "created_at", "buried_at", "last_error", "payload");
    /** Every column this library creates, at the current version. */
    static final Set<String> OWN_COLUMNS = union(VERSION_1_COLUMNS, Set.of("token", "unique_key", "unique_scope"));

    /** The jobs table's column names in lower case; empty when there is no such table. */
    final Set<String> columns(Connection c, Table table) throws SQLException {
        return columnsOf(c, table.name());
    }

    /** The column names of the table named {@code table} (unquoted) in lower case; empty when there is none. */
    abstract Set<String> columnsOf(Connection c, String table) throws SQLException;

    /** The first column of each row {@code ps} selects, in lower case. */
    static Set<String> names(PreparedStatement ps) throws SQLException {
        Set<String> names = new HashSet<>();
        try (java.sql.ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return names;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    boolean hasColumn(Connection c, Table table, String column) throws SQLException {
        return columns(c, table).contains(column);
    }

    /** Schema version 2's column, in this database's type. */
    String addTokenColumn(Table t) {
        return "ALTER TABLE " + t.sql() + " ADD COLUMN token BIGINT NOT NULL DEFAULT 0";
    }

    /** The type of {@code unique_key}: room for {@link UniqueKey#MAX_LENGTH} characters, compared exactly. */
    abstract String uniqueKeyType();

    /** Schema version 4's columns, as both {@link #createTable} and the upgrade write them (so the two agree). */
    final List<String> uniqueColumns() {
        return List.of("unique_key " + uniqueKeyType() + " NULL", "unique_scope SMALLINT NOT NULL DEFAULT 0");
    }

    /** Schema version 4's unique index (partial where the database can: keys are rare). */
    String createUniqueIndex(Table t) {
        return "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (pipeline, unique_key) WHERE unique_key IS NOT NULL"
                .formatted(t.uniqueIndexSql(), t.sql());
    }

    /**
     * Schema version 4's table of pipeline controls: a row per pipeline ever paused or limited, {@code paused_at}
     * set while paused, and from version 7 its {@link #LIMIT_COLUMNS}.
     */
    abstract String createPipelinesTable(Table t);

    /**
     * Schema version 7's columns of the pipeline controls table, the same on every database: the limits (0 for
     * none) and the rate limit's token bucket, in thousandths of a token, as of {@code rate_at}.
     */
    static final List<String> LIMIT_COLUMNS = List.of("max_running INTEGER NOT NULL DEFAULT 0",
            "max_per_second INTEGER NOT NULL DEFAULT 0", "rate_tokens BIGINT NOT NULL DEFAULT 0",
            "rate_at BIGINT NOT NULL DEFAULT 0");

    /**
     * Schema version 5's table of worker processes: a row per process, replaced by each of its heartbeats
     * ({@code last_seen} from the backend's clock), removed when it stops cleanly. The same types on every
     * database; identifiers and pipeline names are ASCII by their own rules, the host name may not be.
     */
    final String createWorkersTable(Table t) {
        return """
                CREATE TABLE IF NOT EXISTS %s (
                  id VARCHAR(100) NOT NULL PRIMARY KEY,
                  host VARCHAR(255) NOT NULL,
                  pid BIGINT NOT NULL,
                  pipelines TEXT NOT NULL,
                  handlers INTEGER NOT NULL,
                  busy_handlers INTEGER NOT NULL,
                  succeeded BIGINT NOT NULL,
                  failed BIGINT NOT NULL,
                  started_at BIGINT NOT NULL,
                  interval_ms BIGINT NOT NULL,
                  last_seen BIGINT NOT NULL
                )%s""".formatted(t.workersSql(), tableOptions());
    }

    /** What follows a CREATE TABLE's column list on this database (MySQL and MariaDB name the engine). */
    String tableOptions() {
        return "";
    }

    /**
     * Schema version 6's table of recurring jobs, a row per schedule: its recurrence ({@code cron} text or
     * {@code interval_ms}), {@code zone}, the job it adds, and {@code next_run_at} in epoch milliseconds, which
     * the scheduler moves conditionally (see {@link ScheduleStatements}).
     */
    abstract String createSchedulesTable(Table t);

    /** Schema version 3's index change; none where indexes cannot be partial. */
    List<String> readyIndexOfLiveRows(Table t) {
        return List.of();
    }

    /**
     * Brings a table at {@code version - 1} to {@code version}. Each step checks before it changes, so a step cut
     * short runs again safely: on MySQL and MariaDB every DDL statement commits at once, and a crash can leave a
     * step half done with its version unrecorded.
     */
    void upgrade(Connection c, Table t, int version) throws SQLException {
        try (Statement s = c.createStatement()) {
            switch (version) {
                // 2: reservation tokens are random, no longer the reserve count (see Table).
                case 2 -> {
                    if (!hasColumn(c, t, "token")) {
                        s.execute(addTokenColumn(t));
                    }
                }
                // 3: a reserved job stays in state 0 (live), told apart by its token, so reserving changes no
                // indexed column; the ready index covers state 0 only. Both statements may run twice.
                case 3 -> {
                    s.execute("UPDATE " + t.sql() + " SET state = 0 WHERE state = 1");
                    for (String statement : readyIndexOfLiveRows(t)) {
                        s.execute(statement);
                    }
                }
                // 4: unique keys and the pipeline controls table; each statement checks or says IF NOT EXISTS.
                case 4 -> {
                    for (String column : uniqueColumns()) {
                        if (!hasColumn(c, t, column.substring(0, column.indexOf(' ')))) {
                            s.execute("ALTER TABLE " + t.sql() + " ADD COLUMN " + column);
                        }
                    }
                    addUniqueIndex(c, t);
                    s.execute(createPipelinesTable(t));
                }
                // 5: the table of worker processes.
                case 5 -> s.execute(createWorkersTable(t));
                // 6: the schedules table.
                case 6 -> s.execute(createSchedulesTable(t));
                // 7: pipeline limits, in the pipeline controls table; each column added unless present.
                case 7 -> {
                    for (String column : LIMIT_COLUMNS) {
                        if (!columnsOf(c, t.name() + "_pipelines").contains(column.substring(0, column.indexOf(' ')))) {
                            s.execute("ALTER TABLE " + t.pipelinesSql() + " ADD COLUMN " + column);
                        }
                    }
                }
                // 8: unique keys held for a period.
                case 8 -> {
                    for (String statement : createKeysTable(t)) {
                        s.execute(statement);
                    }
                }
                default -> throw new IllegalArgumentException("no schema version " + version);
            }
        }
    }

    /** Adds the unique index if it is missing. */
    void addUniqueIndex(Connection c, Table t) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(createUniqueIndex(t));
        }
    }

    /** Serialises schema changes between processes; called inside the migration transaction. */
    abstract void lockSchema(Connection c, Table table) throws SQLException;

    /** Releases what {@link #lockSchema} took, where the lock outlives the transaction. */
    void unlockSchema(Connection c, Table table) throws SQLException {
    }

    // ---- reserve --------------------------------------------------------------------------------------------

    /** Reserves up to {@code max} ready jobs of {@code pipelines}; runs in a transaction the caller commits. */
    abstract List<Job> reserve(Connection c, Table table, List<String> pipelines, int max, long now, long token)
            throws SQLException;

    /**
     * True where a statement run on its own (autocommit) can make its own commit relaxed as {@link
     * #relaxDurability} does: then a reserve of pipelines without limits ({@link #reserveUnlessLimited}) and a
     * batch of acknowledgements ({@link #acknowledge}) are one round trip each.
     */
    boolean relaxesInStatement() {
        return false;
    }

    /**
     * Where {@link #relaxesInStatement}: as {@link #reserve}, in one statement committed on its own and relaxed,
     * unless one of {@code pipelines} has limits; then it changes nothing and returns null, and the caller
     * reserves through {@link LimitStatements} in a transaction.
     */
    List<Job> reserveUnlessLimited(Connection c, Table table, List<String> pipelines, int max, long now, long token)
            throws SQLException {
        throw new UnsupportedOperationException(name() + " reserves in a transaction");
    }

    /**
     * The jobs a reserve takes, most urgent first: waiting and due, or reserved and expired. Every dialect's
     * reserve is built on this select, so one index fits them all (ReservePlanTest checks it does). Bind with
     * {@link #bindCandidates}.
     */
    static String candidates(Table t, String columns, int pipelines) {
        return """
                SELECT %s FROM %s
                WHERE pipeline IN (%s) AND state = 0 AND run_at <= ?
                ORDER BY priority, id LIMIT ?""".formatted(columns, t.sql(), Table.placeholders(pipelines));
    }

    /**
     * The select this database's reserve runs: {@link #candidates} of pipelines not paused, in the same statement,
     * so a pause committed before the reserve began is always seen. The paused pipelines are a small subquery,
     * evaluated once (a hashed subplan on PostgreSQL); it takes no parameters, so bind with {@link #bindCandidates}.
     */
    String reserveCandidates(Table t, String columns, int pipelines) {
        return unpausedCandidates(t, columns, pipelines);
    }

    /** {@link #candidates} of the pipelines not paused, the paused ones read by a subquery in the same statement. */
    static String unpausedCandidates(Table t, String columns, int pipelines) {
        return """
                SELECT %s FROM %s
                WHERE pipeline IN (%s) AND state = 0 AND run_at <= ?
                  AND pipeline NOT IN (SELECT pipeline FROM %s WHERE paused_at IS NOT NULL)
                ORDER BY priority, id LIMIT ?""".formatted(columns, t.sql(), Table.placeholders(pipelines),
                t.pipelinesSql());
    }

    /**
     * Whether a reserve of {@code pipelines} would find a job now, by a plain read that locks nothing. A poll that
     * finds nothing then costs no write transaction (on SQLite none holding the one write lock an add of this
     * process then waits for). Paused pipelines are left out in the same statement on every database, MySQL's too
     * (its reserve reads them apart only because its read there locks): a paused pipeline's jobs do not make a
     * poll reserve.
     */
    boolean anyReady(Connection c, Table t, List<String> pipelines, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(unpausedCandidates(t, "1", pipelines.size()))) {
            bindCandidates(ps, 1, pipelines, now, 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** What a reserve sets besides the reservation: a key held only while queued is freed. */
    static final String FREE_QUEUED_KEY = "unique_key = CASE WHEN unique_scope = " + Table.UNIQUE_WHILE_QUEUED
            + " THEN NULL ELSE unique_key END";

    /** Binds {@link #candidates}' parameters from {@code first}. */
    static void bindCandidates(PreparedStatement ps, int first, List<String> pipelines, long now, int max)
            throws SQLException {
        int i = first;
        for (String pipeline : pipelines) {
            ps.setString(i++, pipeline);
        }
        ps.setLong(i++, now);
        ps.setInt(i, max);
    }

    /** What a select adds to lock the rows it reads without waiting on rows others hold. */
    String skipLocked() {
        return " FOR UPDATE SKIP LOCKED";
    }

    // ---- insert ---------------------------------------------------------------------------------------------

    /** The columns of an insert, and one row of values; bind a row with {@link #bindJobRow}. */
    static final String INSERT_COLUMNS = "(pipeline, priority, state, run_at, ttr_ms, reserves, created_at, payload)";
    static final String JOB_ROW = "(?, ?, 0, ?, ?, 0, ?, ?)";

    /** Binds one {@link #JOB_ROW} from {@code first}; returns the index after it. */
    static int bindJobRow(PreparedStatement ps, int first, String pipeline, NewJob job, long now) throws SQLException {
        ps.setString(first, pipeline);
        ps.setLong(first + 1, job.priority());
        ps.setLong(first + 2, now + job.delay().toMillis());
        ps.setLong(first + 3, job.ttr().toMillis());
        ps.setLong(first + 4, now);
        ps.setBytes(first + 5, job.payload());
        return first + 6;
    }

    /** The columns of an insert of a job that may carry a unique key, and one row; bind with {@link #bindKeyedRow}. */
    static final String KEYED_INSERT_COLUMNS =
            "(pipeline, priority, state, run_at, ttr_ms, reserves, created_at, payload, unique_key, unique_scope)";
    static final String KEYED_JOB_ROW = "(?, ?, 0, ?, ?, 0, ?, ?, ?, ?)";

    /** Binds one {@link #KEYED_JOB_ROW} from {@code first}; returns the index after it. */
    int bindKeyedRow(PreparedStatement ps, int first, String pipeline, NewJob job, long now) throws SQLException {
        int i = bindJobRow(ps, first, pipeline, job, now);
        UniqueKey key = job.uniqueKey();
        if (key == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            bindUniqueKey(ps, i, key.key());
        }
        ps.setInt(i + 1, key == null ? Table.NO_UNIQUE_KEY : switch (key.scope()) {
            case QUEUED -> Table.UNIQUE_WHILE_QUEUED;
            case QUEUED_OR_RUNNING -> Table.UNIQUE_WHILE_QUEUED_OR_RUNNING;
            case PERIOD -> throw new IllegalArgumentException("a key held for a period is not in the jobs table");
        });
        return i + 2;
    }

    void bindUniqueKey(PreparedStatement ps, int index, String key) throws SQLException {
        ps.setString(index, key);
    }

    static boolean anyKeyed(List<NewJob> jobs) {
        return jobs.stream().anyMatch(job -> job.uniqueKey() != null);
    }

    /**
     * Adds one job that may carry a unique key, or finds the job of the pipeline holding its key; returns the id
     * either way. Atomic: concurrent adds of one key wait for each other on the unique index, and all but one get
     * the first one's id.
     */
    abstract long insertKeyed(Connection c, Table t, String pipeline, NewJob job, long now) throws SQLException;

    /**
     * PostgreSQL's and SQLite's insert of a keyed job: an upsert whose update changes nothing, so {@code
     * RETURNING} gives the holder's id on a conflict (DO NOTHING would return no row at all).
     */
    static String upsertReturningId(Table t) {
        return """
                INSERT INTO %s %s VALUES %s
                ON CONFLICT (pipeline, unique_key) WHERE unique_key IS NOT NULL
                DO UPDATE SET unique_key = excluded.unique_key
                RETURNING id""".formatted(t.sql(), KEYED_INSERT_COLUMNS, KEYED_JOB_ROW);
    }

    /**
     * Inserts jobs, returning their ids in order. Without keys: a multi-row {@code INSERT … RETURNING id} per
     * chunk. With keys: one {@link #insertKeyed} per job in request order, so a key repeated within the batch
     * gets the id of its first job.
     */
    List<Long> insert(Connection c, Table t, String pipeline, List<NewJob> jobs, long now) throws SQLException {
        if (anyKeyed(jobs)) {
            return insertEach(c, t, pipeline, jobs, now);
        }
        List<Long> ids = new ArrayList<>(jobs.size());
        for (int from = 0; from < jobs.size(); from += INSERT_CHUNK) {
            List<NewJob> chunk = jobs.subList(from, Math.min(jobs.size(), from + INSERT_CHUNK));
            String sql = "INSERT INTO %s %s VALUES %s RETURNING id"
                    .formatted(t.sql(), INSERT_COLUMNS, String.join(", ", Collections.nCopies(chunk.size(), JOB_ROW)));
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (NewJob job : chunk) {
                    i = bindJobRow(ps, i, pipeline, job, now);
                }
                List<Long> chunkIds = Rows.readIds(ps);
                // Ids come from an increasing sequence in VALUES order; RETURNING need not keep that order.
                chunkIds.sort(null);
                ids.addAll(chunkIds);
            }
        }
        return ids;
    }

    final List<Long> insertEach(Connection c, Table t, String pipeline, List<NewJob> jobs, long now)
            throws SQLException {
        List<Long> ids = new ArrayList<>(jobs.size());
        for (NewJob job : jobs) {
            boolean forPeriod = job.uniqueKey() != null && job.uniqueKey().scope() == UniqueKey.Scope.PERIOD;
            ids.add(forPeriod ? insertForPeriod(c, t, pipeline, job, now) : insertKeyed(c, t, pipeline, job, now));
        }
        return ids;
    }

    /**
     * Adds a job whose key holds for a period, or returns the id of the job that took the key within its period;
     * in the caller's transaction. Expired keys are dropped first (through the expiry index); then the key is
     * claimed with an insert that does nothing if the key is held: a concurrent claim of the same key waits on
     * the primary key until the first commits, then finds it. The claimer adds the job and records its id.
     */
    final long insertForPeriod(Connection c, Table t, String pipeline, NewJob job, long now) throws SQLException {
        UniqueKey key = job.uniqueKey();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM %s WHERE expires_at <= ?".formatted(t.keysSql()))) {
            ps.setLong(1, now);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(insertKeyIfAbsent(t))) {
            ps.setString(1, pipeline);
            bindUniqueKey(ps, 2, key.key());
            ps.setLong(3, now + key.period().toMillis());
            ps.executeUpdate();
        }
        long holder;
        try (PreparedStatement ps = c.prepareStatement("SELECT job_id FROM %s WHERE pipeline = ? AND unique_key = ?%s"
                .formatted(t.keysSql(), forUpdate()))) {
            ps.setString(1, pipeline);
            bindUniqueKey(ps, 2, key.key());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                holder = rs.getLong(1);
            }
        }
        if (holder != 0) {
            return holder;
        }
        long id = insert(c, t, pipeline, List.of(new NewJob(job.payload(), job.priority(), job.delay(), job.ttr())),
                now).get(0);
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE %s SET job_id = ? WHERE pipeline = ? AND unique_key = ?".formatted(t.keysSql()))) {
            ps.setLong(1, id);
            ps.setString(2, pipeline);
            bindUniqueKey(ps, 3, key.key());
            ps.executeUpdate();
        }
        return id;
    }

    /** Claims a key for a period (job id 0 until the job is added), doing nothing if it is held. */
    String insertKeyIfAbsent(Table t) {
        return "INSERT INTO %s (pipeline, unique_key, job_id, expires_at) VALUES (?, ?, 0, ?) ON CONFLICT DO NOTHING"
                .formatted(t.keysSql());
    }

    private static boolean anyForPeriod(List<NewJob> jobs) {
        return jobs.stream().anyMatch(job -> job.uniqueKey() != null && job.uniqueKey().scope() == UniqueKey.Scope.PERIOD);
    }

    /** True if {@link #insert} adds {@code jobs} jobs in one statement, which needs no transaction around it. */
    boolean insertIsOneStatement(int jobs) {
        return jobs <= INSERT_CHUNK;
    }

    /** True if {@link #insert} adds {@code jobs} atomically without a transaction around it. */
    final boolean insertIsAtomicAlone(List<NewJob> jobs) {
        return anyKeyed(jobs) ? jobs.size() == 1 && !anyForPeriod(jobs) : insertIsOneStatement(jobs.size());
    }

    // ---- pause ----------------------------------------------------------------------------------------------

    /**
     * Sets {@code pipeline}'s limits, keeping a pause; the rate limit's bucket starts full. Bind with {@link
     * #bindLimits}.
     */
    String upsertLimits(Table t) {
        return """
                INSERT INTO %1$s (pipeline, max_running, max_per_second, rate_tokens, rate_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (pipeline) DO UPDATE SET max_running = excluded.max_running,
                  max_per_second = excluded.max_per_second, rate_tokens = excluded.rate_tokens,
                  rate_at = excluded.rate_at""".formatted(t.pipelinesSql());
    }

    /** Marks {@code pipeline} paused at {@code now}, keeping the time of a pause already in force. */
    void pause(Connection c, Table t, String pipeline, long now) throws SQLException {
        String sql = """
                INSERT INTO %1$s (pipeline, paused_at) VALUES (?, ?)
                ON CONFLICT (pipeline) DO UPDATE SET paused_at = COALESCE(%1$s.paused_at, excluded.paused_at)"""
                .formatted(t.pipelinesSql());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, pipeline);
            ps.setLong(2, now);
            ps.executeUpdate();
        }
    }

    // ---- schedules ------------------------------------------------------------------------------------------

    /**
     * Inserts a schedule row unless one of its name exists, leaving that one untouched: PostgreSQL's and SQLite's
     * {@code ON CONFLICT DO NOTHING}. Concurrent declarations of one name wait on the primary key instead of
     * failing on it.
     */
    String insertScheduleIfAbsent(Table t) {
        return "INSERT INTO %s %s VALUES %s ON CONFLICT (name) DO NOTHING"
                .formatted(t.schedulesSql(), ScheduleStatements.COLUMNS_IN_PARENS, ScheduleStatements.ROW);
    }

    /** What a select adds to lock the rows it reads until the transaction ends. */
    String forUpdate() {
        return " FOR UPDATE";
    }

    // ---- delete ---------------------------------------------------------------------------------------------

    /**
     * Deletes jobs the caller holds, each only under its current reservation. Returns per job the rows deleted
     * (1 or 0, or a negative count when the driver reports none). Jobs reserved together share a token, so a batch
     * of acknowledgements is usually one statement per reserve it came from.
     */
    int[] deleteHeld(Connection c, Table t, List<JobRef> refs, long now) throws SQLException {
        Map<Long, List<Long>> idsByToken = new LinkedHashMap<>();
        for (JobRef ref : refs) {
            idsByToken.computeIfAbsent(ref.reservation(), token -> new ArrayList<>()).add(ref.id());
        }
        Set<Long> deleted = new HashSet<>();
        for (Map.Entry<Long, List<Long>> group : idsByToken.entrySet()) {
            List<Long> ids = group.getValue();
            String sql = """
                    DELETE FROM %s
                    WHERE token = ? AND state = 0 AND run_at > ? AND id IN (%s)
                    RETURNING id""".formatted(t.sql(), Table.placeholders(ids.size()));
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, group.getKey());
                ps.setLong(2, now);
                for (int i = 0; i < ids.size(); i++) {
                    ps.setLong(3 + i, ids.get(i));
                }
                deleted.addAll(Rows.readIds(ps));
            }
        }
        int[] counts = new int[refs.size()];
        for (int i = 0; i < refs.size(); i++) {
            counts[i] = deleted.contains(refs.get(i).id()) ? 1 : 0;
        }
        return counts;
    }

    /**
     * Where {@link #relaxesInStatement}: {@link #deleteHeld} in one statement committed on its own and relaxed
     * (acknowledgements only: see {@link #relaxDurability}).
     */
    int[] acknowledge(Connection c, Table t, List<JobRef> refs, long now) throws SQLException {
        throw new UnsupportedOperationException(name() + " acknowledges in a transaction");
    }

    // ---- transactions and errors ----------------------------------------------------------------------------

    /**
     * Lets the current transaction commit without waiting for its log to reach disk, where the database allows
     * that per transaction. Used only for reserves and acknowledgements (deletes of held jobs): losing either in
     * a crash makes the job run again (at once, or after its TTR), which at-least-once delivery allows; the
     * random reservation token keeps fencing sound; no job is ever lost that way. Adding jobs stays durable.
     */
    void relaxDurability(Connection c) throws SQLException {
    }

    /**
     * Where the database lets one connection write at a time (SQLite), the lock this process's writers on the
     * database {@code c} is open on take around each write ({@link io.jobqueue.internal.SqliteWriteLock}); null
     * where writers run side by side.
     */
    ReentrantLock writeLock(Connection c) throws SQLException {
        return null;
    }

    /** The body of a relaxed transaction, as {@link #relaxedAround} runs it. */
    @FunctionalInterface
    interface Body<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code transaction} (a whole transaction on {@code c}, which calls {@link #relaxDurability} first
     * thing) relaxed as {@link #relaxDurability} says, for a database whose setting must change outside the
     * transaction and be put back after it (SQLite). By default just runs it.
     */
    <T> T relaxedAround(Connection c, Body<T> transaction) throws SQLException {
        return transaction.run();
    }

    /** True if the error rolled back the transaction and the same work may simply be tried again. */
    boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("40");
    }
}
