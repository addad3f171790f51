package io.jobqueue.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/** Builds the HikariCP pool for a JDBC URL, with the settings each database needs. */
final class DataSources {
    /** How long a SQLite writer waits for the lock before giving up (milliseconds). */
    static final String SQLITE_BUSY_TIMEOUT = "30000";

    private DataSources() {}

    /**
     * A pool for {@code url}. Only called once {@link JdbcUrls#requirePool()} has passed: loading this class loads
     * HikariCP. Returns a {@link HikariDataSource}, typed as a plain DataSource so that callers name no HikariCP
     * type.
     */
    static DataSource create(String url, JdbcUrls.Connect connect, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("jobqueue");
        config.setJdbcUrl(connect.url());
        if (connect.driverClass() != null) {
            config.setDriverClassName(connect.driverClass());
        }
        config.setMaximumPoolSize(poolSize);
        if (JdbcUrls.isSqlite(url)) {
            config.addDataSourceProperty("journal_mode", "WAL");
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
        }
        return new HikariDataSource(config);
    }
}
