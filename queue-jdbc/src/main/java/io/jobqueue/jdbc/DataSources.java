package io.jobqueue.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobqueue.InvalidInputException;
import io.jobqueue.QueueSettings;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;

/** Builds the HikariCP pool for a JDBC URL, with the settings each database needs. */
final class DataSources {
    static final String POOL_SIZE = "poolSize";
    static final int DEFAULT_POOL_SIZE = 10;
    /** How long a SQLite writer waits for the lock before giving up (milliseconds). */
    static final String SQLITE_BUSY_TIMEOUT = "30000";

    private DataSources() {}

    static boolean isSqlite(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith("jdbc:sqlite:");
    }

    /** An in-memory SQLite database lives in one connection: the pool must keep exactly that one. */
    static boolean isSqliteMemory(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return isSqlite(u) && (u.equals("jdbc:sqlite:") || u.contains(":memory:") || u.contains("mode=memory"));
    }

    static HikariDataSource create(String url, QueueSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("jobqueue");
        config.setJdbcUrl(driverUrl(url));
        config.setMaximumPoolSize(poolSize(settings));
        if (isSqlite(url)) {
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("busy_timeout", SQLITE_BUSY_TIMEOUT);
            // Transactions take the write lock when they begin, so a read-then-write never fails midway.
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            if (isSqliteMemory(url)) {
                config.setMaximumPoolSize(1);
                config.setMinimumIdle(1);
                config.setMaxLifetime(0);
                config.setIdleTimeout(0);
            }
        } else if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
            config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        }
        return new HikariDataSource(config);
    }

    private static int poolSize(QueueSettings settings) {
        String value = settings.option(POOL_SIZE, String.valueOf(DEFAULT_POOL_SIZE));
        try {
            int size = Integer.parseInt(value);
            if (size >= 1) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("option " + POOL_SIZE + " must be a positive integer, got '" + value + "'");
    }

    /**
     * {@code jdbc:mysql:} URLs go to MariaDB Connector/J (it speaks to MySQL 8 too) when no MySQL driver is on
     * the class path.
     */
    private static String driverUrl(String url) {
        if (url.startsWith("jdbc:mysql:")) {
            try {
                DriverManager.getDriver(url);
            } catch (SQLException noMySqlDriver) {
                return "jdbc:mariadb:" + url.substring("jdbc:mysql:".length());
            }
        }
        return url;
    }
}
