package io.jobqueue.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code durable_commit_after_idle_ms}: the median time of one single-row INSERT committed durably by a bare JDBC
 * client after the client and the server have been idle for the gap the latency samples leave between them. On a
 * machine whose idle processes (and virtual CPUs) take time to wake, this is far above the back-to-back commit
 * time, and it is the floor under any latency measured from an add after such a gap.
 */
final class IdleCommit {
    private static final String TABLE = "jobqueue_bench_idle_commit";

    private IdleCommit() {}

    static double medianMillis(String url, Duration gap, int samples) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + " (v INTEGER NOT NULL)");
            List<Double> times = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (v) VALUES (?)")) {
                for (int i = 0; i < samples; i++) {
                    Thread.sleep(gap.toMillis());
                    long start = System.nanoTime();
                    ps.setInt(1, i);
                    ps.executeUpdate();
                    times.add((System.nanoTime() - start) / 1e6);
                }
            } finally {
                s.execute("DROP TABLE IF EXISTS " + TABLE);
            }
            return Timing.percentile(times, 50);
        }
    }
}
