package io.jobqueue.jdbc;

import io.jobqueue.Job;
import io.jobqueue.spi.JobRef;
import io.jobqueue.spi.NewJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What differs between databases: the schema, how a reserve takes rows, how an insert returns ids, how
 * schema changes are serialised, and which errors are worth a retry. Everything else is in {@link Table}.
 */
abstract class Dialect {
    /** Rows per multi-row INSERT: well under every database's bind-parameter limit. */
    static final int INSERT_CHUNK = 1000;

    abstract String name();

    /** The newest schema version. */
    static final int SCHEMA_VERSION = 3;

    /** {@code first}, then whatever makes the ready index cover exactly the live rows (state 0). */
    List<String> readyIndex(Table t, String first) {
        return List.of(first, "DROP INDEX IF EXISTS " + t.name() + "_ready",
                "CREATE INDEX " + t.name() + "_ready ON " + t.name() + " (pipeline, priority, id) WHERE state = 0");
    }

    /** Schema version 1: the jobs table and its indexes, in this database's types. */
    abstract List<String> createTable(Table table);

    /** Statements that bring the schema from {@code version - 1} to {@code version}. */
    List<String> migration(int version, Table table) {
        return switch (version) {
            case 1 -> createTable(table);
            // 2: reservation tokens are random, no longer the reserve count (see Table).
            case 2 -> List.of("ALTER TABLE " + table.name() + " ADD COLUMN token BIGINT NOT NULL DEFAULT 0");
            // 3: a reserved job stays in state 0 (live), told apart by its token, so reserving changes no indexed
            // column; the ready index covers state 0 only.
            case 3 -> readyIndex(table, "UPDATE " + table.name() + " SET state = 0 WHERE state = 1");
            default -> throw new IllegalArgumentException("no schema version " + version);
        };
    }

    /** Serialises schema changes between processes; called inside the migration transaction. */
    abstract void lockSchema(Connection c, Table table) throws SQLException;

    /** Releases what {@link #lockSchema} took, where the lock outlives the transaction. */
    void unlockSchema(Connection c, Table table) throws SQLException {
    }

    /** Reserves up to {@code max} ready jobs of {@code pipelines}; runs in a transaction the caller commits. */
    abstract List<Job> reserve(Connection c, Table table, List<String> pipelines, int max, long now, long token)
            throws SQLException;

    /** Locks, without waiting on rows others hold, the ids of up to {@code max} jobs chosen by {@code select}. */
    abstract String lockIds(String select);

    /**
     * Deletes jobs the caller holds, each only under its current reservation. Returns per job the rows
     * deleted (1 or 0). Jobs reserved together share a token, so a batch of acknowledgements is usually one
     * statement per reserve it came from: {@code DELETE … WHERE token = ? AND id IN (…) RETURNING id}.
     */
    int[] deleteHeld(Connection c, Table table, List<JobRef> refs, long now) throws SQLException {
        java.util.Map<Long, List<Long>> idsByToken = new java.util.LinkedHashMap<>();
        for (JobRef ref : refs) {
            idsByToken.computeIfAbsent(ref.reservation(), token -> new ArrayList<>()).add(ref.id());
        }
        java.util.Set<Long> deleted = new java.util.HashSet<>();
        for (java.util.Map.Entry<Long, List<Long>> group : idsByToken.entrySet()) {
            List<Long> ids = group.getValue();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table.name() + " WHERE token = ? AND state = 0"
                    + " AND run_at > ? AND id IN (" + Table.placeholders(ids.size()) + ") RETURNING id")) {
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
     * Lets the current transaction commit without waiting for its log to reach disk, where the database allows
     * that per transaction. Used only for reserves and acknowledgements (deletes of held jobs): losing either in
     * a crash makes the job run again (at once, or after its TTR), which at-least-once delivery allows; the
     * random reservation token keeps fencing sound; no job is ever lost that way. Adding jobs stays durable.
     */
    void relaxDurability(Connection c) throws SQLException {
    }

    /** True if the error rolled back the transaction and the same work may simply be tried again. */
    boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("40");
    }

    /** Inserts jobs, returning their ids in order. */
    List<Long> insert(Connection c, Table table, String pipeline, List<NewJob> jobs, long now) throws SQLException {
        List<Long> ids = new ArrayList<>(jobs.size());
        for (int from = 0; from < jobs.size(); from += INSERT_CHUNK) {
            List<NewJob> chunk = jobs.subList(from, Math.min(jobs.size(), from + INSERT_CHUNK));
            try (PreparedStatement ps = c.prepareStatement(insertReturningIds(table, chunk.size()))) {
                int i = 1;
                for (NewJob job : chunk) {
                    ps.setString(i++, pipeline);
                    ps.setLong(i++, job.priority());
                    ps.setLong(i++, now + job.delay().toMillis());
                    ps.setLong(i++, job.ttr().toMillis());
                    ps.setLong(i++, now);
                    ps.setBytes(i++, job.payload());
                }
                bindAfterRows(ps, i, table);
                List<Long> chunkIds = Rows.readIds(ps);
                // Ids come from an increasing sequence in VALUES order; RETURNING need not keep that order.
                chunkIds.sort(null);
                ids.addAll(chunkIds);
            }
        }
        return ids;
    }

    /** True if {@link #insert} adds {@code jobs} jobs in one statement, which needs no transaction around it. */
    boolean insertIsOneStatement(int jobs) {
        return jobs <= INSERT_CHUNK;
    }

    /** A multi-row INSERT of {@code rows} jobs that returns their ids. */
    String insertReturningIds(Table table, int rows) {
        return table.insertColumns() + " VALUES " + valueRows(rows) + " RETURNING id";
    }

    /** Binds parameters {@link #insertReturningIds} adds after the rows' values, from {@code index}. */
    void bindAfterRows(PreparedStatement ps, int index, Table table) throws SQLException {
    }

    static String valueRows(int rows) {
        return String.join(", ", java.util.Collections.nCopies(rows, "(?, ?, 0, ?, ?, 0, ?, ?)"));
    }

    static void bindPipelines(PreparedStatement ps, int first, List<String> pipelines) throws SQLException {
        for (int i = 0; i < pipelines.size(); i++) {
            ps.setString(first + i, pipelines.get(i));
        }
    }
}
