package io.jobqueue.tasks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobqueue.BackendException;
import io.jobqueue.InvalidInputException;
import io.jobqueue.QueueSettings;
import io.jobqueue.internal.Redaction;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The connection pool a store makes from a URL. Kept apart so HikariCP is loaded only when a store is built
 * from a URL: a store on the caller's {@link DataSource} does not need it.
 */
final class StorePool implements AutoCloseable {
    static final int DEFAULT_POOL_SIZE = 10;
    static final int MAX_POOL_SIZE = 1_000;
    /** How long a SQLite writer waits for the lock before giving up (milliseconds). */
    static final String SQLITE_BUSY_TIMEOUT = "30000";

    private final HikariDataSource pool;

    private StorePool(HikariDataSource pool) {
        this.pool = pool;
    }

    static StorePool create(String url, int poolSize) {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:sqlite:") && (u.equals("jdbc:sqlite:") || u.contains(":memory:")
                || u.contains("mode=memory"))) {
            throw new InvalidInputException("the task store needs a SQLite file, not an in-memory database: its"
                    + " rows must outlive a connection and be seen by the queue");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("jobqueue-tasks");
        config.setJdbcUrl(u.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + url.substring("jdbc:mysql:".length()) : url);
        config.setMaximumPoolSize(poolSize);
        // As the queue's own pool: a store call waits seconds, not HikariCP's 30 s, for a connection.
        config.setConnectionTimeout(QueueSettings.DEFAULT_CONNECT_TIMEOUT.toMillis());
        if (u.startsWith("jdbc:sqlite:")) {
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("busy_timeout", SQLITE_BUSY_TIMEOUT);
            // Transactions take the write lock when they begin, so a read-then-write never fails midway.
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        }
        try {
            return new StorePool(new HikariDataSource(config));
        } catch (RuntimeException e) {
            throw new BackendException("cannot connect the task store to " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }

    private static String redact(String url) {
        return Redaction.url(url);
    }
}
