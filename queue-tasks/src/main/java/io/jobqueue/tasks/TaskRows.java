package io.jobqueue.tasks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statements on the tasks table, each beside the code that binds it. Times are epoch milliseconds (BIGINT),
 * stamped from the store's clock, so no session or server time zone shifts them. A child task carries its
 * parent, the parent's stage that created it and its number within that stage ({@code child_seq}); the unique
 * index on the three makes a repeated fan-out create nothing twice.
 */
final class TaskRows {
    static final String FINISHED = "('COMPLETED', 'FAILED', 'CANCELLED')";
    /** Longest error text stored: the exception, its message and the start of its stack trace. */
    static final int MAX_ERROR_LENGTH = 8_000;

    private final String tasks;
    private final String stages;
    private final StoreDialect dialect;

    /** The columns {@link #task} reads; a task's progress sums its stages. */
    private final String select;

    TaskRows(TaskTables tables, StoreDialect dialect) {
        this.tasks = tables.tasks();
        this.stages = tables.stages();
        this.dialect = dialect;
        this.select = """
                SELECT t.id, t.name, t.params, t.status, t.result, t.error, t.attempts, t.parent_id, t.stage,
                  (SELECT COALESCE(SUM(s.children_total), 0) FROM %2$s s WHERE s.task_id = t.id),
                  (SELECT COALESCE(SUM(s.children_completed), 0) FROM %2$s s WHERE s.task_id = t.id),
                  (SELECT COALESCE(SUM(s.children_failed), 0) FROM %2$s s WHERE s.task_id = t.id),
                  t.created_at, t.updated_at, t.started_at, t.finished_at, t.child_seq
                FROM %1$s t""".formatted(tasks, stages);
    }

    /** What a transition needs to know of a task row it has locked. */
    record Row(long id, Long parentId, int parentStage, TaskStatus status, int stage, long priority, long ttrMs,
            String name) {}

    // ---- writing ------------------------------------------------------------------------------------------

    long insert(Transaction t, String name, String params, long priority, long ttrMs) throws SQLException {
        String sql = """
                INSERT INTO %s (name, status, stage, params, attempts, priority, ttr_ms, created_at, updated_at)
                VALUES (?, 'QUEUED', 0, ?, 0, ?, ?, ?, ?)""".formatted(tasks);
        try (PreparedStatement ps = t.connection().prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setString(2, params);
            ps.setLong(3, priority);
            ps.setLong(4, ttrMs);
            ps.setLong(5, t.now());
            ps.setLong(6, t.now());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** The number the next child of this stage gets: children of earlier attempts keep theirs. */
    long nextChildSeq(Transaction t, long parentId, int parentStage) throws SQLException {
        String sql = "SELECT COALESCE(MAX(child_seq) + 1, 0) FROM %s WHERE parent_id = ? AND parent_stage = ?"
                .formatted(tasks);
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            ps.setLong(1, parentId);
            ps.setInt(2, parentStage);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Inserts children numbered from {@code firstSeq}, in statement batches; returns their ids in order. */
    List<Long> insertChildren(Transaction t, Row parent, String name, List<String> params, long firstSeq)
            throws SQLException {
        // Multi-row inserts: one statement per chunk, which PostgreSQL and MariaDB take in one round trip and
        // parse once, where a batch of single-row inserts sends and runs each row on its own.
        for (int from = 0; from < params.size(); from += ROWS_PER_INSERT) {
            int to = Math.min(params.size(), from + ROWS_PER_INSERT);
            String sql = """
                    INSERT INTO %s (name, status, stage, parent_id, parent_stage, child_seq, params, attempts,
                      priority, ttr_ms, created_at, updated_at) VALUES """.formatted(tasks)
                    + String.join(", ", java.util.Collections.nCopies(to - from,
                            "(?, 'QUEUED', 0, ?, ?, ?, ?, 0, ?, ?, ?, ?)"));
            try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
                int p = 1;
                for (int i = from; i < to; i++) {
                    ps.setString(p++, name);
                    ps.setLong(p++, parent.id());
                    ps.setInt(p++, parent.stage());
                    ps.setLong(p++, firstSeq + i);
                    ps.setString(p++, params.get(i));
                    ps.setLong(p++, parent.priority());
                    ps.setLong(p++, parent.ttrMs());
                    ps.setLong(p++, t.now());
                    ps.setLong(p++, t.now());
                }
                ps.executeUpdate();
            }
        }
        String ids = """
                SELECT id FROM %s WHERE parent_id = ? AND parent_stage = ? AND child_seq >= ? AND child_seq < ?
                ORDER BY child_seq""".formatted(tasks);
        try (PreparedStatement ps = t.connection().prepareStatement(ids)) {
            ps.setLong(1, parent.id());
            ps.setInt(2, parent.stage());
            ps.setLong(3, firstSeq);
            ps.setLong(4, firstSeq + params.size());
            List<Long> out = new ArrayList<>(params.size());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }
    }

    /** Rows of one multi-row insert: 9 parameters each, well under every driver's limit of parameters. */
    private static final int ROWS_PER_INSERT = 500;

    /**
     * Starts an attempt of the stage {@code job} names: only a task queued at that stage, or started at it by
     * this same job (a retry, or the job back after its TTR) or by no job yet (the stage was just reached), starts;
     * a stale job, or another job for a stage some job has claimed (a repeat sent through the outbox), changes
     * nothing and gets false.
     */
    boolean claim(Transaction t, TaskJob job) throws SQLException {
        try (PreparedStatement ps = t.connection().prepareStatement(claimSql())) {
            bindClaim(ps, t, job);
            return ps.executeUpdate() == 1;
        }
    }

    private String claimSql() {
        return """
                UPDATE %s SET status = 'STARTED', attempts = attempts + 1, started_at = COALESCE(started_at, ?),
                  updated_at = ?, claim_job_id = ?
                WHERE id = ? AND stage = ? AND (status = 'QUEUED'
                  OR status = 'STARTED' AND (claim_job_id IS NULL OR claim_job_id = ?))""".formatted(tasks);
    }

    private static void bindClaim(PreparedStatement ps, Transaction t, TaskJob job) throws SQLException {
        ps.setLong(1, t.now());
        ps.setLong(2, t.now());
        ps.setLong(3, job.jobId());
        ps.setLong(4, job.task());
        ps.setInt(5, job.stage());
        ps.setLong(6, job.jobId());
    }

    /** What a stage's handler is told of the task it runs ({@link RunContext}), as its claim leaves it. */
    record Claimed(long id, String name, String params, Long parentId) {
        private static Claimed read(ResultSet rs) throws SQLException {
            long parent = rs.getLong(4);
            return new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.wasNull() ? null : parent);
        }
    }

    private static final String CLAIMED_COLUMNS = "id, name, params, parent_id";

    /** The task as {@link Claimed}; empty when there is no such task. */
    Optional<Claimed> claimed(Transaction t, long id) throws SQLException {
        List<Claimed> found = claimed(t, List.of(id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private List<Claimed> claimed(Transaction t, List<Long> ids) throws SQLException {
        List<Claimed> out = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += ROWS_PER_UPDATE) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + ROWS_PER_UPDATE));
            try (PreparedStatement ps = t.connection().prepareStatement("SELECT " + CLAIMED_COLUMNS + " FROM " + tasks
                    + " WHERE id IN (" + placeholders(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(Claimed.read(rs));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Takes back the claims job {@code jobId} made for tasks whose handlers it did not run (a pack cut short): they
     * are queued again as if never claimed, so a cancel of their parent stops them. Returns how many.
     */
    int unclaim(Transaction t, List<Long> ids, long jobId) throws SQLException {
        String sql = """
                UPDATE %s SET status = 'QUEUED', attempts = attempts - 1, claim_job_id = NULL, updated_at = ?,
                  started_at = CASE WHEN attempts = 1 THEN NULL ELSE started_at END
                WHERE id IN (%s) AND status = 'STARTED' AND claim_job_id = ?""".formatted(tasks,
                placeholders(ids.size()));
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            int p = 1;
            ps.setLong(p++, t.now());
            for (long id : ids) {
                ps.setLong(p++, id);
            }
            ps.setLong(p, jobId);
            return ps.executeUpdate();
        }
    }

    /**
     * {@link #claim} for many tasks at once: {@code claimed[i]} is the task job {@code i} started, or null. Where
     * the database has {@code UPDATE … FROM} and {@code RETURNING} (see {@link #updateFromValues}) that is one
     * statement per {@value #ROWS_PER_UPDATE} tasks, which returns the tasks too; else a statement batch of one
     * update per task, and a read of those that started.
     */
    Claimed[] claimAll(Transaction t, List<TaskJob> jobs) throws SQLException {
        Claimed[] out = new Claimed[jobs.size()];
        if (dialect.updateReturning()) {
            Map<Long, Claimed> byId = new java.util.HashMap<>();
            boolean[] applied = updateFromValues(t, jobs.size(), i -> List.of(jobs.get(i).task(),
                    jobs.get(i).stage(), jobs.get(i).jobId()), """
                    UPDATE %s SET status = 'STARTED', attempts = attempts + 1, started_at = COALESCE(started_at, ?),
                      updated_at = ?, claim_job_id = v.column3
                    FROM %%s
                    WHERE id = v.column1 AND stage = v.column2 AND (status = 'QUEUED'
                      OR status = 'STARTED' AND (claim_job_id IS NULL OR claim_job_id = v.column3))
                    RETURNING %s""".formatted(tasks, CLAIMED_COLUMNS), "bigint",
                    rs -> byId.put(rs.getLong(1), Claimed.read(rs)));
            for (int i = 0; i < out.length; i++) {
                out[i] = applied[i] ? byId.get(jobs.get(i).task()) : null;
            }
            return out;
        }
        boolean[] applied;
        try (PreparedStatement ps = t.connection().prepareStatement(claimSql())) {
            for (TaskJob job : jobs) {
                bindClaim(ps, t, job);
                ps.addBatch();
            }
            applied = applied(ps.executeBatch());
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            if (applied[i]) {
                ids.add(jobs.get(i).task());
            }
        }
        Map<Long, Claimed> byId = new java.util.HashMap<>();
        for (Claimed c : claimed(t, ids)) {
            byId.put(c.id(), c);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = applied[i] ? byId.get(jobs.get(i).task()) : null;
        }
        return out;
    }

    /**
     * Which returns completed their task ({@code applied[i]} for {@code returns[i]}), and how many of those are
     * children of each parent's stage, ordered by parent and stage.
     */
    record Completions(boolean[] applied, List<ChildCount> byParent) {}

    /**
     * Completes started one-stage tasks whose handler returned: only a task started at the job's stage and without
     * a stage row (it fanned out nothing) completes here. Those it did not complete are left to the general path.
     * One statement per {@value #ROWS_PER_UPDATE} tasks, which returns their parents too, where the database can
     * (see {@link #updateFromValues}); else a statement batch, and a count of the parents.
     */
    Completions completeStarted(Transaction t, List<Transitions.Returned> returns) throws SQLException {
        if (dialect.updateReturning()) {
            java.util.TreeMap<List<Long>, Long> counts = new java.util.TreeMap<>(
                    java.util.Comparator.<List<Long>, Long>comparing(k -> k.get(0)).thenComparing(k -> k.get(1)));
            boolean[] applied = updateFromValues(t, returns.size(), i -> java.util.Arrays.asList(
                    returns.get(i).job().task(), returns.get(i).job().stage(), returns.get(i).result()), """
                    UPDATE %1$s SET status = 'COMPLETED', result = v.column3, finished_at = ?, updated_at = ?
                    FROM %%s
                    WHERE id = v.column1 AND stage = v.column2 AND status = 'STARTED'
                      AND NOT EXISTS (SELECT 1 FROM %2$s s WHERE s.task_id = %1$s.id)
                    RETURNING id, parent_id, parent_stage""".formatted(tasks, stages), "text", rs -> {
                        long parent = rs.getLong(2);
                        if (!rs.wasNull()) {
                            counts.merge(List.of(parent, rs.getLong(3)), 1L, Long::sum);
                        }
                    });
            List<ChildCount> byParent = new ArrayList<>(counts.size());
            counts.forEach((k, n) -> byParent.add(new ChildCount(k.get(0), (int) (long) k.get(1), n)));
            return new Completions(applied, byParent);
        }
        String sql = """
                UPDATE %1$s SET status = 'COMPLETED', result = ?, finished_at = ?, updated_at = ?
                WHERE id = ? AND stage = ? AND status = 'STARTED'
                  AND NOT EXISTS (SELECT 1 FROM %2$s s WHERE s.task_id = %1$s.id)""".formatted(tasks, stages);
        boolean[] applied;
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            for (Transitions.Returned r : returns) {
                setNullable(ps, 1, r.result());
                ps.setLong(2, t.now());
                ps.setLong(3, t.now());
                ps.setLong(4, r.job().task());
                ps.setInt(5, r.job().stage());
                ps.addBatch();
            }
            applied = applied(ps.executeBatch());
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < applied.length; i++) {
            if (applied[i]) {
                ids.add(returns.get(i).job().task());
            }
        }
        return new Completions(applied, ids.isEmpty() ? List.of() : countByParent(t, ids));
    }

    /** Reads one row a statement returned. */
    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Most rows of one {@link #updateFromValues} statement. */
    static final int ROWS_PER_UPDATE = 1_000;

    /**
     * Runs {@code sql} (an {@code UPDATE … FROM %s … RETURNING id, …} whose first two parameters are
     * {@code t.now()}) on rows of values {@code (task id, stage, x)}, hands each row it returns to {@code onRow},
     * where {@code %s} becomes a table {@code v} of columns
     * {@code column1}, {@code column2}, {@code column3} ({@code x} of SQL type {@code thirdType}), and tells for
     * each row whether its task was updated. A task named twice (a job sent twice, a stale job beside the one
     * that holds the claim) is updated in rounds, its first row in the first statement, its second in the next
     * and so on, as a statement batch in that order would: one row's guard sees what the earlier ones did.
     *
     * <p>On PostgreSQL the table is {@code unnest} of three array parameters, so the statement's text is the same
     * whatever the number of rows and the server plans it once; elsewhere (SQLite 3.33 and later) it is a
     * {@code VALUES} list, whose columns SQLite names {@code column1}, {@code column2}, ….
     */
    private boolean[] updateFromValues(Transaction t, int n, java.util.function.IntFunction<List<Object>> row,
            String sql, String thirdType, RowReader onRow) throws SQLException {
        boolean[] out = new boolean[n];
        // Round k holds the k-th row naming each task: no statement names a task twice.
        List<List<Integer>> rounds = new ArrayList<>();
        List<List<Object>> values = new ArrayList<>(n);
        Map<Long, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            values.add(row.apply(i));
            int round = seen.merge((Long) values.get(i).get(0), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(i);
        }
        for (List<Integer> round : rounds) {
            updateFromValues(t, round, values, sql, thirdType, onRow, out);
        }
        return out;
    }

    /** One round of {@link #updateFromValues}: rows {@code indexes} of {@code values}, each naming another task. */
    private void updateFromValues(Transaction t, List<Integer> indexes, List<List<Object>> values, String sql,
            String thirdType, RowReader onRow, boolean[] out) throws SQLException {
        Map<Long, Integer> index = new java.util.HashMap<>();
        List<List<Object>> rows = new ArrayList<>(indexes.size());
        for (int i : indexes) {
            index.put((Long) values.get(i).get(0), i);
            rows.add(values.get(i));
        }
        boolean arrays = dialect.arrayParameters();
        for (int from = 0; from < rows.size(); from += ROWS_PER_UPDATE) {
            List<List<Object>> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_UPDATE));
            String table = arrays
                    ? "unnest(?::bigint[], ?::int[], ?::" + thirdType + "[]) AS v (column1, column2, column3)"
                    : "(VALUES " + String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?, ?)"))
                            + ") AS v";
            try (PreparedStatement ps = t.connection().prepareStatement(sql.formatted(table))) {
                int p = 1;
                ps.setLong(p++, t.now());
                ps.setLong(p++, t.now());
                if (arrays) {
                    Connection c = t.connection();
                    ps.setArray(p++, c.createArrayOf("bigint", chunk.stream().map(r -> r.get(0)).toArray()));
                    ps.setArray(p++, c.createArrayOf("integer", chunk.stream().map(r -> r.get(1)).toArray()));
                    ps.setArray(p++, c.createArrayOf(thirdType, chunk.stream().map(r -> r.get(2)).toArray()));
                } else {
                    for (List<Object> r : chunk) {
                        ps.setLong(p++, (Long) r.get(0));
                        ps.setInt(p++, (Integer) r.get(1));
                        Object third = r.get(2);
                        if (third instanceof Long l) {
                            ps.setLong(p++, l);
                        } else {
                            setNullable(ps, p++, (String) third);
                        }
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out[index.get(rs.getLong(1))] = true;
                        onRow.read(rs);
                    }
                }
            }
        }
    }

    /** Which statements of a batch changed a row; every driver the store runs on reports exact counts. */
    private static boolean[] applied(int[] counts) throws SQLException {
        boolean[] out = new boolean[counts.length];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new SQLException("the JDBC driver did not report how many rows statement " + i
                        + " of a batch changed (" + counts[i] + "); the task store needs exact counts");
            }
            out[i] = counts[i] > 0;
        }
        return out;
    }

    /** How many of {@code ids} are children of each parent's stage, ordered by parent and stage. */
    record ChildCount(long parentId, int parentStage, long count) {}

    private List<ChildCount> countByParent(Transaction t, List<Long> ids) throws SQLException {
        String sql = """
                SELECT parent_id, parent_stage, COUNT(*) FROM %s WHERE id IN (%s) AND parent_id IS NOT NULL
                GROUP BY parent_id, parent_stage ORDER BY parent_id, parent_stage""".formatted(tasks,
                placeholders(ids.size()));
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            List<ChildCount> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ChildCount(rs.getLong(1), rs.getInt(2), rs.getLong(3)));
                }
            }
            return out;
        }
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /** Locks the row until the transaction ends; empty when there is no such task. */
    Optional<Row> lock(Transaction t, long id) throws SQLException {
        String sql = "SELECT id, parent_id, parent_stage, status, stage, priority, ttr_ms, name FROM %s WHERE id = ?"
                .formatted(tasks) + dialect.forUpdate();
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long parent = rs.getLong(2);
                Long parentId = rs.wasNull() ? null : parent;
                return Optional.of(new Row(rs.getLong(1), parentId, rs.getInt(3), TaskStatus.valueOf(rs.getString(4)),
                        rs.getInt(5), rs.getLong(6), rs.getLong(7), rs.getString(8)));
            }
        }
    }

    /** The parent of a task, without locking (a task's parent never changes). */
    Optional<Long> parentOf(Transaction t, long id) throws SQLException {
        try (PreparedStatement ps = t.connection().prepareStatement(
                "SELECT parent_id FROM %s WHERE id = ?".formatted(tasks))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long parent = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(parent);
            }
        }
    }

    /** Completes a task that has not finished; false when it had (a repeat changes nothing). */
    boolean complete(Transaction t, long id, String result) throws SQLException {
        String sql = """
                UPDATE %s SET status = 'COMPLETED', result = ?, finished_at = ?, updated_at = ?
                WHERE id = ? AND status NOT IN %s""".formatted(tasks, FINISHED);
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            ps.setString(1, result);
            ps.setLong(2, t.now());
            ps.setLong(3, t.now());
            ps.setLong(4, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Fails or cancels a task that has not finished; false when it had. */
    boolean end(Transaction t, long id, TaskStatus status, String error, Long jobId) throws SQLException {
        String sql = """
                UPDATE %s SET status = ?, error = COALESCE(?, error), job_id = COALESCE(?, job_id), finished_at = ?,
                  updated_at = ?
                WHERE id = ? AND status NOT IN %s""".formatted(tasks, FINISHED);
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            ps.setString(1, status.name());
            setNullable(ps, 2, error);
            if (jobId == null) {
                ps.setNull(3, Types.BIGINT);
            } else {
                ps.setLong(3, jobId);
            }
            ps.setLong(4, t.now());
            ps.setLong(5, t.now());
            ps.setLong(6, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Records a failed attempt that will be retried. */
    void recordError(Transaction t, long id, String error) throws SQLException {
        try (PreparedStatement ps = t.connection().prepareStatement(
                "UPDATE %s SET error = ?, updated_at = ? WHERE id = ?".formatted(tasks))) {
            ps.setString(1, error);
            ps.setLong(2, t.now());
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    /** Sets the status of a task that has not finished (WAITING after a fan-out, QUEUED or WAITING on retry). */
    void setStatus(Transaction t, long id, TaskStatus status) throws SQLException {
        try (PreparedStatement ps = t.connection().prepareStatement(
                "UPDATE %s SET status = ?, finished_at = NULL, updated_at = ? WHERE id = ?".formatted(tasks))) {
            ps.setString(1, status.name());
            ps.setLong(2, t.now());
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    /** Moves a task on to its next stage, queued to start. */
    void advance(Transaction t, long id, int stage) throws SQLException {
        try (PreparedStatement ps = t.connection().prepareStatement(
                "UPDATE %s SET stage = ?, status = 'STARTED', claim_job_id = NULL, updated_at = ? WHERE id = ?"
                        .formatted(tasks))) {
            ps.setInt(1, stage);
            ps.setLong(2, t.now());
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    /** Cancels the children of a task that have not started; returns how many. */
    int cancelQueuedChildren(Transaction t, long parentId) throws SQLException {
        String sql = """
                UPDATE %s SET status = 'CANCELLED', finished_at = ?, updated_at = ?
                WHERE parent_id = ? AND status = 'QUEUED'""".formatted(tasks);
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            ps.setLong(1, t.now());
            ps.setLong(2, t.now());
            ps.setLong(3, parentId);
            return ps.executeUpdate();
        }
    }

    /** A stage's children that did not complete, with the job each failed in (if known). */
    record Unfinished(long id, String name, Long jobId) {}

    List<Unfinished> failedChildren(Transaction t, long parentId, int parentStage) throws SQLException {
        String sql = """
                SELECT id, name, job_id FROM %s WHERE parent_id = ? AND parent_stage = ? AND status IN ('FAILED', 'CANCELLED')
                ORDER BY child_seq""".formatted(tasks);
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            ps.setLong(1, parentId);
            ps.setInt(2, parentStage);
            List<Unfinished> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long job = rs.getLong(3);
                    out.add(new Unfinished(rs.getLong(1), rs.getString(2), rs.wasNull() ? null : job));
                }
            }
            return out;
        }
    }

    /** Queues a stage's failed and cancelled children again; returns how many. */
    int requeueFailedChildren(Transaction t, long parentId, int parentStage) throws SQLException {
        String sql = """
                UPDATE %s SET status = 'QUEUED', finished_at = NULL, job_id = NULL, updated_at = ?
                WHERE parent_id = ? AND parent_stage = ? AND status IN ('FAILED', 'CANCELLED')""".formatted(tasks);
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            ps.setLong(1, t.now());
            ps.setLong(2, parentId);
            ps.setInt(3, parentStage);
            return ps.executeUpdate();
        }
    }

    /** Queues a failed task's current stage again; returns the job id its failed attempt was buried with. */
    Long requeue(Transaction t, long id, TaskStatus status) throws SQLException {
        Long jobId = null;
        try (PreparedStatement ps = t.connection().prepareStatement(
                "SELECT job_id FROM %s WHERE id = ?".formatted(tasks))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long job = rs.getLong(1);
                    jobId = rs.wasNull() ? null : job;
                }
            }
        }
        try (PreparedStatement ps = t.connection().prepareStatement("""
                UPDATE %s SET status = ?, finished_at = NULL, job_id = NULL, claim_job_id = NULL, updated_at = ?
                WHERE id = ?"""
                .formatted(tasks))) {
            ps.setString(1, status.name());
            ps.setLong(2, t.now());
            ps.setLong(3, id);
            ps.executeUpdate();
        }
        return jobId;
    }

    // ---- reading ------------------------------------------------------------------------------------------

    Optional<Task> task(Transaction t, long id) throws SQLException {
        try (PreparedStatement ps = t.connection().prepareStatement(select + " WHERE t.id = ?")) {
            ps.setLong(1, id);
            List<Task> found = tasks(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /** A page of tasks matching {@code query}, newest first (children in the order they were fanned out). */
    List<Task> list(Transaction t, TaskQuery query) throws SQLException {
        Where where = where(query);
        String order = query.parentId() == null ? " ORDER BY t.id DESC" : " ORDER BY t.parent_stage, t.child_seq";
        try (PreparedStatement ps = t.connection().prepareStatement(
                select + where.sql + order + " LIMIT ? OFFSET ?")) {
            int i = where.bind(ps);
            ps.setInt(i, query.limit());
            ps.setLong(i + 1, query.offset());
            return tasks(ps);
        }
    }

    long count(Transaction t, TaskQuery query) throws SQLException {
        Where where = where(query);
        try (PreparedStatement ps = t.connection().prepareStatement("SELECT COUNT(*) FROM " + tasks + " t"
                + where.sql)) {
            where.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A child task and its number within its parent's stage. */
    record Child(long seq, Task task) {}

    /** Up to {@code limit} children of a stage numbered after {@code afterSeq}, in order: a keyset page. */
    List<Child> children(Transaction t, long parentId, int parentStage, long afterSeq, int limit) throws SQLException {
        try (PreparedStatement ps = t.connection().prepareStatement(select
                + " WHERE t.parent_id = ? AND t.parent_stage = ? AND t.child_seq > ? ORDER BY t.child_seq LIMIT ?")) {
            ps.setLong(1, parentId);
            ps.setInt(2, parentStage);
            ps.setLong(3, afterSeq);
            ps.setInt(4, limit);
            List<Long> seqs = new ArrayList<>();
            List<Task> page = tasks(ps, seqs);
            List<Child> out = new ArrayList<>(page.size());
            for (int i = 0; i < page.size(); i++) {
                out.add(new Child(seqs.get(i), page.get(i)));
            }
            return out;
        }
    }

    private record Where(String sql, List<Object> values) {
        int bind(PreparedStatement ps) throws SQLException {
            int i = 1;
            for (Object value : values) {
                ps.setObject(i++, value);
            }
            return i;
        }
    }

    private static Where where(TaskQuery q) {
        List<String> terms = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (q.parentId() == null) {
            terms.add("t.parent_id IS NULL");
        } else {
            terms.add("t.parent_id = ?");
            values.add(q.parentId());
        }
        if (q.name() != null) {
            terms.add("t.name = ?");
            values.add(q.name());
        }
        if (q.status() != null) {
            terms.add("t.status = ?");
            values.add(q.status().name());
        }
        return new Where(" WHERE " + String.join(" AND ", terms), values);
    }

    private static List<Task> tasks(PreparedStatement ps) throws SQLException {
        return tasks(ps, null);
    }

    /** Reads tasks; adds each one's child number to {@code seqs} when given. */
    private static List<Task> tasks(PreparedStatement ps, List<Long> seqs) throws SQLException {
        List<Task> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (seqs != null) {
                    seqs.add(rs.getLong(17));
                }
                long parent = rs.getLong(8);
                Long parentId = rs.wasNull() ? null : parent;
                out.add(new Task(rs.getLong(1), rs.getString(2), rs.getString(3), TaskStatus.valueOf(rs.getString(4)),
                        rs.getString(5), rs.getString(6), rs.getInt(7), parentId, rs.getInt(9),
                        new Progress(rs.getLong(10), rs.getLong(11), rs.getLong(12)), instant(rs, 13),
                        instant(rs, 14), instant(rs, 15), instant(rs, 16)));
            }
        }
        return out;
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }
}
