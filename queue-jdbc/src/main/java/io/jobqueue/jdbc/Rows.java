package io.jobqueue.jdbc;

import io.jobqueue.Job;
import io.jobqueue.JobState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Reads rows selected with {@link #COLUMNS}, in that order, into jobs. */
final class Rows {
    static final String COLUMNS =
            "id, pipeline, priority, state, run_at, ttr_ms, reserves, created_at, last_error, payload, token";
    /** The order a reserve hands jobs out in: priority, then the order they were added. */
    static final Comparator<Job> RESERVE_ORDER = Comparator.comparingLong(Job::priority).thenComparingLong(Job::id);

    private Rows() {}

    /**
     * What a reserve returns: only the columns a reserved {@link Job} is made of (its state is RESERVED and its
     * reservation the reserve's token, so {@code state}, {@code run_at} and {@code token} need not travel).
     */
    static final String RESERVED_COLUMNS = "id, pipeline, priority, ttr_ms, reserves, created_at, last_error, payload";

    /** {@code columns}, each qualified with {@code alias}. */
    static String columns(String alias, String columns) {
        return Arrays.stream(columns.split(", ")).map(column -> alias + "." + column).collect(Collectors.joining(", "));
    }

    /** A job as it is at {@code now}, not reserved by the reader; the row has {@link #COLUMNS}. */
    static Job peeked(ResultSet rs, long now) throws SQLException {
        byte[] payload = rs.getBytes(10);
        return new Job(rs.getLong(1), rs.getString(2), payload == null ? new byte[0] : payload, rs.getLong(3),
                Duration.ofMillis(rs.getLong(6)), stateAt(rs.getInt(4), rs.getLong(5), rs.getLong(11), now),
                rs.getInt(7), Instant.ofEpochMilli(rs.getLong(8)), Job.NO_RESERVATION, rs.getString(9));
    }

    /**
     * A job just reserved by the reader under {@code token}, from a row of {@link #RESERVED_COLUMNS}: the row as
     * the reserve left it (UPDATE … RETURNING), or as it was just before (then the count is one behind).
     */
    static Job reserved(ResultSet rs, boolean rowAfterUpdate, long token) throws SQLException {
        int reserves = rs.getInt(5) + (rowAfterUpdate ? 0 : 1);
        byte[] payload = rs.getBytes(8);
        return new Job(rs.getLong(1), rs.getString(2), payload == null ? new byte[0] : payload, rs.getLong(3),
                Duration.ofMillis(rs.getLong(4)), JobState.RESERVED, reserves, Instant.ofEpochMilli(rs.getLong(6)),
                token, rs.getString(7));
    }

    static JobState stateAt(int state, long runAt, long token, long now) {
        if (state == Table.BURIED) {
            return JobState.BURIED;
        }
        if (runAt <= now) {
            return JobState.READY;
        }
        return token == 0 ? JobState.DELAYED : JobState.RESERVED;
    }

    /** The jobs of rows of {@link #RESERVED_COLUMNS}, in {@link #RESERVE_ORDER}. */
    static List<Job> readReserved(PreparedStatement ps, boolean rowsAfterUpdate, long token) throws SQLException {
        try (ResultSet rs = returned(ps)) {
            return readReserved(rs, rowsAfterUpdate, token);
        }
    }

    static List<Job> readReserved(ResultSet rs, boolean rowsAfterUpdate, long token) throws SQLException {
        List<Job> jobs = new ArrayList<>();
        while (rs.next()) {
            jobs.add(reserved(rs, rowsAfterUpdate, token));
        }
        jobs.sort(RESERVE_ORDER);
        return jobs;
    }

    static List<Long> readIds(PreparedStatement ps) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = returned(ps)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /**
     * The rows a SELECT or a statement with {@code RETURNING} gives. Not {@code executeQuery()}: MySQL
     * Connector/J refuses it for INSERT, UPDATE and DELETE, even when MariaDB would return rows.
     */
    static ResultSet returned(PreparedStatement ps) throws SQLException {
        if (!ps.execute()) {
            throw new SQLException("the statement returned no rows: " + ps);
        }
        return ps.getResultSet();
    }
}
