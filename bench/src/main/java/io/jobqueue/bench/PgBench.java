package io.jobqueue.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's bare ceiling: pgbench running the minimal SQL on our table's schema, no library in the way.
 * The table is a copy of the jobs table (same columns, same indexes), so the SQL does the same work.
 */
final class PgBench {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
    private static final String ROW = "'c', 1024, 0, 0, 60000, 0, 0, '\\x7b7d'::bytea";
    private static final String COLUMNS = "(pipeline, priority, state, run_at, ttr_ms, reserves, created_at, payload)";

    private final String jdbcUrl;
    private final String table;
    private final double seconds;

    PgBench(String jdbcUrl, String jobsTable, double seconds) {
        this.jdbcUrl = jdbcUrl;
        this.table = jobsTable + "_ceiling";
        this.seconds = seconds;
    }

    void prepare(String jobsTable) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
            s.execute("CREATE TABLE " + table + " (LIKE " + jobsTable + " INCLUDING ALL)");
        }
    }

    /** One INSERT per commit, one client: the ceiling of enqueue_per_s. */
    double insertOnePerCommit() throws Exception {
        return run(1, "INSERT INTO " + table + " " + COLUMNS + " VALUES (" + ROW + ");");
    }

    /** A 100-row INSERT per commit, one client: jobs/s, the ceiling of enqueue_bulk_per_s. */
    double insertHundredPerCommit() throws Exception {
        return 100 * run(1, "INSERT INTO " + table + " " + COLUMNS + " SELECT " + ROW + " FROM generate_series(1, 100);");
    }

    /** Lock with SKIP LOCKED and delete {@code perStatement} jobs per statement, {@code clients} at once: jobs/s. */
    double lockAndDelete(int perStatement, int clients, int prefill) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            s.execute("TRUNCATE " + table);
            s.execute("INSERT INTO " + table + " " + COLUMNS + " SELECT " + ROW + " FROM generate_series(1, " + prefill + ")");
            s.execute("VACUUM ANALYZE " + table);
        }
        return perStatement * run(clients, "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table
                + " WHERE pipeline = 'c' AND state = 0 AND run_at <= 1 ORDER BY priority, id LIMIT " + perStatement
                + " FOR UPDATE SKIP LOCKED);");
    }

    void drop() throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    private double run(int clients, String sql) throws IOException, InterruptedException {
        Path script = Files.createTempFile("jobqueue-pgbench-", ".sql");
        Files.writeString(script, sql + "\n", StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(pgbenchBinary(), "-n", "-M", "prepared", "-c",
                String.valueOf(clients), "-j", String.valueOf(Math.min(clients, 2)), "-T",
                String.valueOf(Math.max(1, Math.round(seconds))), "-f", script.toString()));
        command.addAll(connectionArgs());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Files.deleteIfExists(script);
        Matcher m = TPS.matcher(out);
        if (p.exitValue() != 0 || !m.find()) {
            throw new IllegalStateException("pgbench failed: " + out);
        }
        return Double.parseDouble(m.group(1));
    }

    /** pgbench's -h -p -U and database from the JDBC URL. */
    private List<String> connectionArgs() {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String user = "postgres";
        if (uri.getQuery() != null) {
            for (String kv : uri.getQuery().split("&")) {
                if (kv.startsWith("user=")) {
                    user = kv.substring(5);
                }
            }
        }
        return List.of("-h", uri.getHost(), "-p", String.valueOf(uri.getPort() < 0 ? 5432 : uri.getPort()), "-U", user,
                uri.getPath().substring(1));
    }

    private static String pgbenchBinary() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "pgbench"))) {
                return Path.of(dir, "pgbench").toString();
            }
        }
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin/pgbench")).filter(Files::isExecutable).findFirst()
                    .map(Path::toString).orElseThrow(() -> new IllegalStateException("pgbench not found"));
        }
    }
}
