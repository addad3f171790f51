package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.TimeZone;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Delays and reservation deadlines hold when the database session's time zone (UTC+13 or +14 here) and the JVM's
 * (UTC-10) differ by a day. The queue runs on a DataSource the caller built.
 */
class TimeZoneTest {

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void delays_and_deadlines_ignore_the_session_and_jvm_time_zones(String database) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.equals("postgresql") ? TestDatabases.postgresUrl() : TestDatabases.mysqlUrl());
        config.setMaximumPoolSize(3);
        config.setConnectionInitSql(database.equals("postgresql")
                ? "SET TIME ZONE 'Pacific/Kiritimati'" : "SET time_zone = '+13:00'");
        TimeZone jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Honolulu"));
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            assertNotEquals("+00:00", sessionOffset(dataSource, database));
            JobQueue queue = JdbcBackend.queue(dataSource, QueueSettings.defaults()).selectPipeline("tz-" + System.nanoTime());
            JobQueue q = queue.watchPipeline(queue.selectedPipeline());

            long delayed = q.addJob("later", JobOptions.defaults().withDelay(Duration.ofSeconds(2))
                    .withTtr(Duration.ofSeconds(2)));
            assertEquals(Optional.empty(), q.getNextJobAndReserve(Duration.ofMillis(1_000)), "ready before its delay");
            Job job = q.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("never ready"));
            long reservedAt = System.nanoTime();
            assertEquals(delayed, job.id());

            Thread.sleep(1_000);
            assertEquals(Optional.empty(), q.getNextJobAndReserve(Duration.ZERO), "expired before its TTR");
            assertEquals(1, q.stats().reserved());
            Job again = q.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("never expired"));
            long heldMillis = (System.nanoTime() - reservedAt) / 1_000_000;
            assertEquals(2, again.reserves());
            assertTrue(heldMillis >= 1_900 && heldMillis < 4_000, "reservation lasted " + heldMillis + " ms, TTR 2000 ms");
            q.delete(again);
        } finally {
            TimeZone.setDefault(jvmZone);
        }
    }

    private static String sessionOffset(HikariDataSource dataSource, String database) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(database.equals("postgresql")
                        ? "SELECT to_char(now(), 'TZH:TZM')" : "SELECT @@session.time_zone")) {
            rs.next();
            String offset = rs.getString(1);
            assertTrue(offset.startsWith("+1"), "session offset is +13:00 or more, was " + offset);
            return offset;
        }
    }
}
