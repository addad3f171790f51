package io.jobqueue.jdbc;

import io.jobqueue.InvalidInputException;
import java.util.regex.Pattern;

/**
 * The jobs table's name, and the identifiers derived from it as the dialect writes them in SQL: quoted, so a
 * name that is a reserved word somewhere ({@code order}, {@code user}, {@code rows}) still works everywhere.
 * Times are epoch milliseconds in BIGINT columns, stamped from the backend's clock, so neither the session nor
 * the server time zone can shift a deadline.
 *
 * <p>{@code state} 0 is a live job: ready once {@code run_at} has passed; before that delayed when
 * {@code token} is 0, reserved until {@code run_at} otherwise (an expired reservation is simply ready again).
 * {@code state} 2 is buried. Each reserve stamps its rows with a random 63-bit {@code token}; operations of the
 * holder match it, so a holder whose reservation expired and was taken again never touches the new holder's
 * job, even if a crash undid a reserve. A reserve, a touch and a release without new priority change no indexed
 * column, so PostgreSQL can update the row in place (a HOT update, no new index entries).
 *
 * <p>{@code unique_key} is null unless the job was added with a key; {@code unique_scope} says when the key is
 * freed (set to null): {@value #UNIQUE_WHILE_QUEUED} at the first reserve, {@value #UNIQUE_WHILE_QUEUED_OR_RUNNING}
 * at bury (delete removes the row). The unique index on {@code (pipeline, unique_key)} makes a key live once per
 * pipeline; null keys never collide. A reserve of a job without a key still changes no indexed column.
 *
 * @param name the name as configured; the schema lock and the PostgreSQL channel are named from it
 * @param sql the table as written in SQL
 * @param schemaSql the table recording the schema version, as written in SQL
 * @param readyIndexSql the index a reserve reads, as written in SQL
 * @param buriedIndexSql the index of buried jobs, as written in SQL
 * @param uniqueIndexSql the unique index of {@code (pipeline, unique_key)}, as written in SQL
 * @param pipelinesSql the table of pipeline controls (which pipelines are paused), as written in SQL
 * @param workersSql the table of worker processes and their heartbeats, as written in SQL
 * @param schedulesSql the table of recurring jobs (see {@link ScheduleStatements}), as written in SQL
 * @param keysSql the table of unique keys held for a period (see {@link Dialect#insertForPeriod}), as written in SQL
 * @param keysExpiryIndexSql that table's index of expiry times, as written in SQL
 */
record Table(String name, String sql, String schemaSql, String readyIndexSql, String buriedIndexSql,
        String uniqueIndexSql, String pipelinesSql, String workersSql, String schedulesSql, String keysSql,
        String keysExpiryIndexSql) {
    static final String DEFAULT_NAME = "jobqueue_jobs";
    static final int LIVE = 0;
    static final int BURIED = 2;
    static final int NO_UNIQUE_KEY = 0;
    static final int UNIQUE_WHILE_QUEUED = 1;
    static final int UNIQUE_WHILE_QUEUED_OR_RUNNING = 2;
    /**
     * MySQL's schema lock is {@code GET_LOCK('jobqueue schema <table>')}, and a lock name may be at most 64
     * characters: 64 less the 16 of the prefix. That also keeps every derived name ({@code <table>_schema},
     * {@code <table>_pipelines}, {@code <table>_workers},
     * {@code <table>_schedules}, {@code <table>_keys_expiry}, PostgreSQL's {@code <table>_id_seq}) within PostgreSQL's 63 bytes and MySQL's 64
     * characters.
     */
    static final int MAX_NAME_LENGTH = 48;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Refuses a name that is not a plain identifier of at most {@link #MAX_NAME_LENGTH} characters. */
    static String checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || !IDENTIFIER.matcher(name).matches()) {
            throw new InvalidInputException("option table must be 1 to " + MAX_NAME_LENGTH + " letters, digits or _,"
                    + " not starting with a digit (" + MAX_NAME_LENGTH + " because MySQL's schema lock is named"
                    + " 'jobqueue schema <table>' and lock names stop at 64 characters); got '" + name + "'");
        }
        return name;
    }

    /** The table {@code name} as {@code dialect} writes it. */
    static Table of(String name, Dialect dialect) {
        checkName(name);
        return new Table(name, dialect.quote(name), dialect.quote(name + "_schema"), dialect.quote(name + "_ready"),
                dialect.quote(name + "_buried"), dialect.quote(name + "_unique"), dialect.quote(name + "_pipelines"),
                dialect.quote(name + "_workers"), dialect.quote(name + "_schedules"), dialect.quote(name + "_keys"),
                dialect.quote(name + "_keys_expiry"));
    }

    /** The schema lock's name; the same in every release, so old and new starters exclude each other. */
    String schemaLockName() {
        return "jobqueue schema " + name;
    }

    /** {@code count} comma-separated parameter markers. */
    static String placeholders(int count) {
        StringBuilder sb = new StringBuilder(count * 3);
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "?" : ", ?");
        }
        return sb.toString();
    }
}
