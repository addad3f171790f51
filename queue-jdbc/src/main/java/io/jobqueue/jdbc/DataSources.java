package io.jobqueue.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobqueue.QueueSettings;
import java.sql.Connection;
import java.time.Duration;
import javax.sql.DataSource;

/** Builds the HikariCP pool for a JDBC URL, with the settings each database needs. */
final class DataSources {
    /** How long a SQLite writer waits for the lock before giving up (milliseconds). */
    static final String SQLITE_BUSY_TIMEOUT = "30000";
    /** HikariCP's smallest validation timeout. */
    private static final long MIN_VALIDATION_MILLIS = 250;

    private DataSources() {}

    /**
     * A pool for {@code url}. Only called once {@link JdbcUrls#requirePool()} has passed: loading this class loads
     * HikariCP. Returns a {@link HikariDataSource}, typed as a plain DataSource so that callers name no HikariCP
     * type.
     */
    static DataSource create(String url, JdbcUrls.Connect connect, int poolSize, QueueSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("jobqueue");
        config.setJdbcUrl(connect.url());
        if (connect.driverClass() != null) {
            config.setDriverClassName(connect.driverClass());
        }
        config.setMaximumPoolSize(poolSize);
        // A call waits at most connectTimeout for a connection (HikariCP's default is 30 s): while the server is
        // down, an addJob fails after that long instead of stalling the caller's thread.
        long connectMillis = settings.connectTimeout().toMillis();
        long callMillis = settings.callTimeout().toMillis();
        config.setConnectionTimeout(connectMillis);
        config.setValidationTimeout(Math.max(MIN_VALIDATION_MILLIS, Math.min(connectMillis, callMillis) * 3 / 4));
        Connection walHolder = null;
        if (JdbcUrls.isSqlite(url)) {
            if (JdbcUrls.isSqliteMemory(url)) {
                config.addDataSourceProperty("journal_mode", "WAL");
            } else {
                walHolder = SqliteWalMode.openInWalMode(connect.url(),
                        Duration.ofMillis(Long.parseLong(SQLITE_BUSY_TIMEOUT)));
            }
            config.addDataSourceProperty("busy_timeout", SQLITE_BUSY_TIMEOUT);
            // Transactions take the write lock when they begin, so a read-then-write never fails midway.
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            if (JdbcUrls.isSqliteMemory(url)) {
                config.setMaximumPoolSize(1);
                config.setMinimumIdle(1);
                config.setMaxLifetime(0);
                config.setIdleTimeout(0);
            }
        } else if (JdbcUrls.isMySqlFamily(url)) {
            config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
            config.addDataSourceProperty("connectTimeout", String.valueOf(connectMillis));
            // Every read from the server waits at most callTimeout: a frozen server fails the call.
            config.addDataSourceProperty("socketTimeout", String.valueOf(callMillis));
        } else if (JdbcUrls.isPostgres(url)) {
            // pgjdbc counts its timeouts in whole seconds.
            String seconds = String.valueOf(wholeSeconds(connectMillis));
            config.addDataSourceProperty("connectTimeout", seconds);
            config.addDataSourceProperty("loginTimeout", seconds);
            // Every read from the server waits at most callTimeout: a frozen server fails the call. The LISTEN
            // connection's waits for notifications are far shorter, so they never meet it.
            config.addDataSourceProperty("socketTimeout", String.valueOf(wholeSeconds(callMillis)));
        }
        try {
            return new HikariDataSource(config); // opens its first connection before it returns
        } finally {
            SqliteWalMode.closeQuietly(walHolder);
        }
    }

    private static long wholeSeconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
