package io.jobqueue.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bare ceiling of SQLite and MariaDB: plain JDBC running the minimal SQL on a copy of the jobs table,
 * with the same connection settings the backend uses, no library in the way.
 */
final class JdbcCeiling {
    private static final String COLUMNS = "(pipeline, priority, state, run_at, ttr_ms, reserves, created_at, payload)";
    private static final String ROW = "(?, 1024, 0, 0, 60000, 0, 0, ?)";
    private static final byte[] PAYLOAD = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final String url;
    private final boolean sqlite;
    private final String table;
    private final double seconds;

    JdbcCeiling(String url, String jobsTable, double seconds) {
        this.url = url;
        this.sqlite = url.startsWith("jdbc:sqlite:");
        this.table = jobsTable + "_ceiling";
        this.seconds = seconds;
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        if (sqlite) {
            p.setProperty("journal_mode", "WAL");
            p.setProperty("busy_timeout", "30000");
            p.setProperty("transaction_mode", "IMMEDIATE");
        }
        Connection c = DriverManager.getConnection(url, p);
        if (!sqlite) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        return c;
    }

    void prepare(String jobsTable) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
            if (sqlite) {
                // SQLite has no CREATE TABLE … LIKE: copy the jobs table's definition.
                try (ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE name = '" + jobsTable + "'")) {
                    rs.next();
                    String ddl = rs.getString(1).replaceFirst(jobsTable, table);
                    s.execute(ddl);
                }
                s.execute("CREATE INDEX " + table + "_ready ON " + table + " (pipeline, priority, id) WHERE state = 0");
            } else {
                s.execute("CREATE TABLE " + table + " LIKE " + jobsTable);
            }
        }
    }

    double insertOnePerCommit() throws Exception {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " " + COLUMNS + " VALUES " + ROW)) {
            return Timing.ratePerSecond(seconds, () -> {
                ps.setString(1, "c");
                ps.setBytes(2, PAYLOAD);
                return ps.executeUpdate();
            });
        }
    }

    double insertHundredPerCommit() throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " " + COLUMNS
                + " VALUES " + String.join(", ", Collections.nCopies(100, ROW)))) {
            return Timing.ratePerSecond(seconds, () -> {
                for (int i = 0; i < 100; i++) {
                    ps.setString(2 * i + 1, "c");
                    ps.setBytes(2 * i + 2, PAYLOAD);
                }
                return ps.executeUpdate();
            });
        }
    }

    /** {@code clients} threads lock (SKIP LOCKED where there is such a thing) and delete 100 jobs per commit. */
    double lockAndDelete(int clients, int prefill) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + table);
        }
        for (int i = 0; i < prefill / 100; i++) {
            insertBatch();
        }
        AtomicLong deleted = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                futures.add(pool.submit(() -> {
                    try (Connection c = connect()) {
                        c.setAutoCommit(false);
                        while (System.nanoTime() < end) {
                            int n = sqlite ? deleteSqlite(c) : deleteLocked(c);
                            c.commit();
                            if (n == 0) {
                                return null;
                            }
                            deleted.addAndGet(n);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return Timing.perSecond(deleted.get(), start);
    }

    private int deleteSqlite(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate("DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table
                    + " WHERE pipeline = 'c' AND state = 0 AND run_at <= 1 ORDER BY priority, id LIMIT 100)");
        }
    }

    private int deleteLocked(Connection c) throws SQLException {
        List<Long> ids = new ArrayList<>(100);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM " + table
                + " WHERE pipeline = 'c' AND state = 0 AND run_at <= 1 ORDER BY priority, id LIMIT 100"
                + " FOR UPDATE SKIP LOCKED")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        try (Statement s = c.createStatement()) {
            return s.executeUpdate("DELETE FROM " + table + " WHERE id IN (" + String.join(",",
                    ids.stream().map(String::valueOf).toList()) + ")");
        }
    }

    private void insertBatch() throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " " + COLUMNS
                + " VALUES " + String.join(", ", Collections.nCopies(100, ROW)))) {
            for (int i = 0; i < 100; i++) {
                ps.setString(2 * i + 1, "c");
                ps.setBytes(2 * i + 2, PAYLOAD);
            }
            ps.executeUpdate();
        }
    }

    void drop() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        }
    }
}
