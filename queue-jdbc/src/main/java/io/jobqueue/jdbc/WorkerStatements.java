package io.jobqueue.jdbc;

import io.jobqueue.WorkerInfo;
import io.jobqueue.WorkerRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The worker registry's statements, the same on every database: a heartbeat replaces its process's row (an
 * update, else an insert: only the process itself writes its row, one heartbeat at a time) and forgets rows
 * silent for too long; a clean stop deletes the row. Pipelines are stored comma-separated (a pipeline name
 * holds no comma).
 */
final class WorkerStatements {
    private static final String COLUMNS =
            "host, pid, pipelines, handlers, busy_handlers, succeeded, failed, started_at, interval_ms, last_seen";
    private final Table table;

    WorkerStatements(Table table) {
        this.table = table;
    }

    void heartbeat(Connection c, WorkerInfo w, long now, long forgetAfterMillis) throws SQLException {
        String update = "UPDATE %s SET host = ?, pid = ?, pipelines = ?, handlers = ?, busy_handlers = ?, succeeded = ?,"
                + " failed = ?, started_at = ?, interval_ms = ?, last_seen = ? WHERE id = ?";
        int updated;
        try (PreparedStatement ps = c.prepareStatement(update.formatted(table.workersSql()))) {
            int next = bind(ps, w, now);
            ps.setString(next, w.id());
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            String insert = "INSERT INTO %s (%s, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(insert.formatted(table.workersSql(), COLUMNS))) {
                int next = bind(ps, w, now);
                ps.setString(next, w.id());
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM %s WHERE last_seen < ?".formatted(table.workersSql()))) {
            ps.setLong(1, now - forgetAfterMillis);
            ps.executeUpdate();
        }
    }

    private static int bind(PreparedStatement ps, WorkerInfo w, long now) throws SQLException {
        ps.setString(1, w.host());
        ps.setLong(2, w.pid());
        ps.setString(3, String.join(",", w.pipelines()));
        ps.setInt(4, w.handlers());
        ps.setInt(5, w.busyHandlers());
        ps.setLong(6, w.succeeded());
        ps.setLong(7, w.failed());
        ps.setLong(8, w.started().toEpochMilli());
        ps.setLong(9, w.heartbeatInterval().toMillis());
        ps.setLong(10, now);
        return 11;
    }

    void remove(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM %s WHERE id = ?".formatted(table.workersSql()))) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    /** Every row, alive ones first (seen within three intervals of {@code now}), then by host and id. */
    List<WorkerRecord> list(Connection c, long now) throws SQLException {
        List<WorkerRecord> all = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, %s FROM %s".formatted(COLUMNS, table.workersSql()));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String pipelines = rs.getString(4);
                WorkerInfo w = new WorkerInfo(rs.getString(1), rs.getString(2), rs.getLong(3),
                        pipelines.isEmpty() ? List.of() : Arrays.asList(pipelines.split(",")), rs.getInt(5),
                        rs.getInt(6), rs.getLong(7), rs.getLong(8), Instant.ofEpochMilli(rs.getLong(9)),
                        Duration.ofMillis(rs.getLong(10)));
                long lastSeen = rs.getLong(11);
                all.add(new WorkerRecord(w, Instant.ofEpochMilli(lastSeen),
                        now - lastSeen <= w.deadAfter().toMillis()));
            }
        }
        all.sort(Comparator.comparing((WorkerRecord r) -> !r.alive()).thenComparing(r -> r.worker().host())
                .thenComparing(r -> r.worker().id()));
        return all;
    }
}
