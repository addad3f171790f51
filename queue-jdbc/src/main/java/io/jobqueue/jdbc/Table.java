package io.jobqueue.jdbc;

import io.jobqueue.InvalidInputException;
import java.util.regex.Pattern;

/**
 * The jobs table and the SQL every dialect shares. Times are epoch milliseconds in BIGINT columns, stamped
 * from the backend's clock, so neither the session nor the server time zone can shift a deadline.
 *
 * <p>{@code state} 0 is a live job: ready once {@code run_at} has passed; before that delayed when
 * {@code token} is 0, reserved until {@code run_at} otherwise (an expired reservation is simply ready again).
 * {@code state} 2 is buried. Each reserve stamps its rows with a random 63-bit {@code token}; operations of the
 * holder match it, so a holder whose reservation expired and was taken again never touches the new holder's
 * job, even if a crash undid a reserve. A reserve, a touch and a release without new priority change no indexed
 * column, so PostgreSQL can update the row in place (a HOT update, no new index entries).
 */
record Table(String name) {
    static final String DEFAULT_NAME = "jobqueue_jobs";
    static final int LIVE = 0;
    static final int BURIED = 2;
    static final String COLUMNS =
            "id, pipeline, priority, state, run_at, ttr_ms, reserves, created_at, last_error, payload, token";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,47}");

    Table {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new InvalidInputException("table name must be 1 to 48 letters, digits or _, not starting with a"
                    + " digit; got '" + name + "'");
        }
    }

    String schemaTable() {
        return name + "_schema";
    }

    /** The rows a reserve may take: waiting and due, or reserved and expired. */
    static final String READY = "state = 0 AND run_at <= ?";
    /** The holder's reservation is current: the row is reserved under this token and has not expired. */
    private static final String HELD = "id = ? AND state = 0 AND token = ? AND run_at > ?";
    /** Waiting for its delay: live, not reserved, not yet due. */
    private static final String DELAYED = "state = 0 AND token = 0 AND run_at > ?";

    /**
     * The jobs a reserve takes, most urgent first. Parameters: the pipelines, now, the limit. Every dialect's
     * reserve is built on this select, so one index fits them all.
     */
    String readyCandidates(String columns, int pipelines) {
        return "SELECT " + columns + " FROM " + name + " WHERE pipeline IN (" + placeholders(pipelines) + ") AND "
                + READY + " ORDER BY priority, id LIMIT ?";
    }

    String insertColumns() {
        return "INSERT INTO " + name + " (pipeline, priority, state, run_at, ttr_ms, reserves, created_at, payload)";
    }

    String deleteHeld() {
        return "DELETE FROM " + name + " WHERE " + HELD;
    }

    /** Deletes a job nobody holds: any state but a current reservation. */
    String deleteUnheld() {
        return "DELETE FROM " + name + " WHERE id = ? AND NOT (state = 0 AND token <> 0 AND run_at > ?)";
    }

    String release() {
        return "UPDATE " + name + " SET priority = ?, run_at = ?, token = 0 WHERE " + HELD;
    }

    String bury() {
        return "UPDATE " + name + " SET state = 2, token = 0, priority = ?, buried_at = ?, last_error = ? WHERE " + HELD;
    }

    String touch() {
        return "UPDATE " + name + " SET run_at = ? + ttr_ms WHERE " + HELD;
    }

    String kickJob() {
        return "UPDATE " + name + " SET state = 0, token = 0, run_at = ? WHERE id = ? AND (state = 2 OR (" + DELAYED + "))";
    }

    String selectById() {
        return "SELECT " + COLUMNS + " FROM " + name + " WHERE id = ?";
    }

    String peekReady() {
        return "SELECT " + COLUMNS + " FROM " + name + " WHERE pipeline = ? AND " + READY + " ORDER BY priority, id";
    }

    String peekDelayed() {
        return "SELECT " + COLUMNS + " FROM " + name + " WHERE pipeline = ? AND " + DELAYED + " ORDER BY run_at, id";
    }

    String peekBuried() {
        return "SELECT " + COLUMNS + " FROM " + name + " WHERE pipeline = ? AND state = 2 ORDER BY buried_at, id";
    }

    String buriedIds() {
        return "SELECT id FROM " + name + " WHERE pipeline = ? AND state = 2 ORDER BY buried_at, id";
    }

    String delayedIds() {
        return "SELECT id FROM " + name + " WHERE pipeline = ? AND " + DELAYED + " ORDER BY run_at, id";
    }

    /** Makes kicked jobs ready; the state condition makes a kick that lost a race a no-op. */
    String kickIds(int count) {
        return "UPDATE " + name + " SET state = 0, token = 0, run_at = ? WHERE id IN (" + placeholders(count)
                + ") AND (state = 2 OR (" + DELAYED + "))";
    }

    String stats() {
        return "SELECT"
                + " COALESCE(SUM(CASE WHEN " + READY + " THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN " + DELAYED + " THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN state = 0 AND token <> 0 AND run_at > ? THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN state = 2 THEN 1 ELSE 0 END), 0)"
                + " FROM " + name + " WHERE pipeline = ?";
    }

    String pipelines() {
        return "SELECT DISTINCT pipeline FROM " + name + " ORDER BY pipeline";
    }

    static String placeholders(int count) {
        StringBuilder sb = new StringBuilder(count * 3);
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "?" : ", ?");
        }
        return sb.toString();
    }
}
