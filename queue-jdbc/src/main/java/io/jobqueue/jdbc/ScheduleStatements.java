package io.jobqueue.jdbc;

import io.jobqueue.Recurrence;
import io.jobqueue.Schedule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statements on the schedules table ({@code <table>_schedules}), each beside the code that binds it. The one
 * that makes an occurrence run once is {@link #advance}: a conditional update of {@code next_run_at} from the
 * value the scheduler read; the backend adds the job in the same transaction only when it changed a row, so of
 * several processes finding one occurrence due exactly one adds its job (the others' updates, waiting on the
 * row lock, find the value moved and change nothing).
 */
final class ScheduleStatements {
    static final String COLUMNS =
            "name, cron, interval_ms, zone, pipeline, payload, priority, ttr_ms, next_run_at, created_at";
    static final String COLUMNS_IN_PARENS = "(" + COLUMNS + ")";
    static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Table table;
    private final Dialect dialect;

    ScheduleStatements(Table table, Dialect dialect) {
        this.table = table;
        this.dialect = dialect;
    }

    /**
     * Stores {@code schedule} unless one of its name has the same definition; returns the row as stored. Runs in
     * a transaction: the insert-if-absent makes the row exist, the locking read holds it, so concurrent
     * declarations of one name take turns and none fails on the primary key.
     */
    Schedule put(Connection c, Schedule schedule, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.insertScheduleIfAbsent(table))) {
            bindRow(ps, schedule, now);
            ps.executeUpdate();
        }
        Schedule stored = read(c, schedule.name()).orElseThrow(
                () -> new SQLException("schedule " + schedule.name() + " vanished while being stored"));
        if (stored.sameDefinition(schedule)) {
            return stored;
        }
        String sql = """
                UPDATE %s SET cron = ?, interval_ms = ?, zone = ?, pipeline = ?, payload = ?, priority = ?,
                  ttr_ms = ?, next_run_at = ?
                WHERE name = ?""".formatted(table.schedulesSql());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bindDefinition(ps, 1, schedule);
            ps.setLong(i, schedule.nextRunAt().toEpochMilli());
            ps.setString(i + 1, schedule.name());
            ps.executeUpdate();
        }
        return schedule;
    }

    private Optional<Schedule> read(Connection c, String name) throws SQLException {
        String sql = "SELECT %s FROM %s WHERE name = ?%s".formatted(COLUMNS, table.schedulesSql(), dialect.forUpdate());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            List<Schedule> rows = readAll(ps);
            return rows.stream().findFirst();
        }
    }

    boolean remove(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM %s WHERE name = ?".formatted(table.schedulesSql()))) {
            ps.setString(1, name);
            return ps.executeUpdate() > 0;
        }
    }

    /** All schedules in name order, or those due by {@code dueBy} (epoch ms) when it is not null. */
    List<Schedule> list(Connection c, Long dueBy) throws SQLException {
        String sql = "SELECT %s FROM %s%s ORDER BY name".formatted(COLUMNS, table.schedulesSql(),
                dueBy == null ? "" : " WHERE next_run_at <= ?");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (dueBy != null) {
                ps.setLong(1, dueBy);
            }
            return readAll(ps);
        }
    }

    /**
     * Moves schedule {@code name}'s next run from {@code from} to {@code to} if it still is {@code from}; returns
     * the rows changed (1 for the process that wins the occurrence, 0 for every other).
     */
    int advance(Connection c, String name, long from, long to) throws SQLException {
        String sql = "UPDATE %s SET next_run_at = ? WHERE name = ? AND next_run_at = ?".formatted(table.schedulesSql());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, to);
            ps.setString(2, name);
            ps.setLong(3, from);
            return ps.executeUpdate();
        }
    }

    private static void bindRow(PreparedStatement ps, Schedule s, long now) throws SQLException {
        ps.setString(1, s.name());
        int i = bindDefinition(ps, 2, s);
        ps.setLong(i, s.nextRunAt().toEpochMilli());
        ps.setLong(i + 1, now);
    }

    /** Binds cron, interval_ms, zone, pipeline, payload, priority, ttr_ms from {@code first}; returns the next index. */
    private static int bindDefinition(PreparedStatement ps, int first, Schedule s) throws SQLException {
        int i = first;
        if (s.recurrence() instanceof Recurrence.Cron cron) {
            ps.setString(i++, cron.expression());
            ps.setNull(i++, Types.BIGINT);
        } else {
            ps.setNull(i++, Types.VARCHAR);
            ps.setLong(i++, ((Recurrence.Interval) s.recurrence()).period().toMillis());
        }
        ps.setString(i++, s.zone().getId());
        ps.setString(i++, s.pipeline());
        ps.setBytes(i++, s.payload());
        ps.setLong(i++, s.priority());
        ps.setLong(i++, s.ttr().toMillis());
        return i;
    }

    private static List<Schedule> readAll(PreparedStatement ps) throws SQLException {
        List<Schedule> schedules = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String cron = rs.getString(2);
                long intervalMillis = rs.getLong(3);
                ZoneId zone = ZoneId.of(rs.getString(4));
                Recurrence recurrence = cron != null
                        ? Recurrence.cron(cron, zone) : Recurrence.every(Duration.ofMillis(intervalMillis));
                schedules.add(new Schedule(rs.getString(1), recurrence, rs.getString(5), rs.getBytes(6),
                        rs.getLong(7), Duration.ofMillis(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9))));
            }
        }
        return schedules;
    }
}
