package io.jobqueue.tasks;

import io.jobqueue.BackendException;
import io.jobqueue.InvalidInputException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where task state lives: tables ({@code <prefix>tasks}, {@code <prefix>task_stages}, {@code <prefix>task_outbox})
 * in a JDBC database, created on first use. On a JDBC queue, put the store in the queue's database: then a task's
 * row and its job are written in one transaction. On another queue (beanstalkd) the store is a database of its
 * own, an SQLite file for instance, and jobs go through its outbox. Thread-safe.
 *
 * <pre>{@code
 * TaskStore store = TaskStore.builder().url("jdbc:postgresql://db/app?user=app").build();
 * }</pre>
 */
public final class TaskStore implements AutoCloseable {
    public static final String DEFAULT_TABLE_PREFIX = "jobqueue_";
    private static final int ATTEMPTS = 20;
    /** The column a claim records its job in; added to tables created before it existed. */
    private static final String CLAIM_JOB_ID = "claim_job_id";
    private static final Logger log = LoggerFactory.getLogger(TaskStore.class);

    private final DataSource dataSource;
    private final AutoCloseable ownPool;
    private final StoreDialect dialect;
    /** Taken around every transaction where the database has one writer at a time (SQLite); else null. */
    private final ReentrantLock writeLock;
    private final TaskTables tables;
    private final Clock clock;

    private TaskStore(DataSource dataSource, AutoCloseable ownPool, String dialectOverride, TaskTables tables,
            Clock clock) {
        this.dataSource = dataSource;
        this.ownPool = ownPool;
        this.tables = tables;
        this.clock = clock;
        try (Connection c = dataSource.getConnection()) {
            this.dialect = StoreDialect.choose(c, dialectOverride);
            this.writeLock = dialect.writeLock(c);
        } catch (SQLException e) {
            throw new BackendException("cannot open the task store: " + e.getMessage(), e);
        }
        createSchema();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code postgresql}, {@code mariadb} or {@code sqlite}. */
    public String dialectName() {
        return dialect.name();
    }

    public String tablePrefix() {
        return tables.prefix();
    }

    /** Closes the pool the store made from a URL; a caller's {@link DataSource} stays the caller's. */
    @Override
    public void close() {
        if (ownPool != null) {
            try {
                ownPool.close();
            } catch (Exception e) {
                log.warn("closing the task store's pool failed: {}", e.toString());
            }
        }
    }

    StoreDialect dialect() {
        return dialect;
    }

    TaskTables tables() {
        return tables;
    }

    Clock clock() {
        return clock;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Transaction t) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction, again from the start when the database rolled it back for a reason
     * that passes, then the transaction's after-commit actions.
     */
    <T> T inTransaction(String what, Work<T> work) {
        return inTransaction(what, false, work);
    }

    /**
     * {@link #inTransaction}, with a commit that does not wait for the disk where the database is embedded (see
     * {@link StoreDialect#beforeRelaxed}): for writes whose loss in a power cut costs a repeat, never a task, because
     * the queue's writes that follow them are in the same log (the caller's to know).
     */
    <T> T inRelaxedTransaction(String what, Work<T> work) {
        return inTransaction(what, true, work);
    }

    private <T> T inTransaction(String what, boolean relaxed, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            Transaction t;
            T result;
            try (Connection c = dataSource.getConnection()) {
                // Held until the connection is back in autocommit: SQLite's driver begins the next transaction
                // at each commit and ends it only there.
                if (writeLock != null) {
                    writeLock.lock();
                }
                try {
                    int restore = relaxed ? dialect.beforeRelaxed(c) : 0;
                    c.setAutoCommit(false);
                    try {
                        dialect.begin(c);
                        t = new Transaction(c, clock.millis());
                        result = work.run(t);
                        c.commit();
                    } catch (SQLException | RuntimeException e) {
                        rollback(c, e);
                        throw e;
                    } finally {
                        c.setAutoCommit(true);
                        if (relaxed) {
                            dialect.afterRelaxed(c, restore);
                        }
                    }
                } finally {
                    if (writeLock != null) {
                        writeLock.unlock();
                    }
                }
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && dialect.isTransient(e)) {
                    backOff(attempt);
                    continue;
                }
                throw failure(what, e);
            }
            for (Runnable action : t.afterCommitActions()) {
                action.run();
            }
            return result;
        }
    }

    /** Runs read-only {@code work} with autocommit. */
    <T> T read(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                return work.run(new Transaction(c, clock.millis()));
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && dialect.isTransient(e)) {
                    backOff(attempt);
                    continue;
                }
                throw failure(what, e);
            }
        }
    }

    private void createSchema() {
        inTransaction("creating the task tables", t -> {
            dialect.lockSchema(t.connection(), tables);
            try (Statement s = t.connection().createStatement()) {
                for (String ddl : dialect.schema(tables)) {
                    s.execute(ddl);
                }
                if (!hasColumn(t.connection(), tables.tasks(), CLAIM_JOB_ID)) {
                    // A tasks table created before claims recorded their job: CREATE … IF NOT EXISTS left it as it
                    // was. BIGINT is a 64-bit integer on all three databases (SQLite reads it as INTEGER).
                    s.execute("ALTER TABLE " + tables.tasks() + " ADD COLUMN " + CLAIM_JOB_ID + " BIGINT");
                }
            }
            return null;
        });
    }

    /** Whether {@code table} has {@code column}; PostgreSQL keeps unquoted names in lower case, the others as written. */
    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String name : new String[] {table, table.toLowerCase(Locale.ROOT)}) {
            try (ResultSet columns = meta.getColumns(c.getCatalog(), null, name, null)) {
                while (columns.next()) {
                    if (columns.getString("COLUMN_NAME").equalsIgnoreCase(column)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void rollback(Connection c, Exception e) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            e.addSuppressed(rollbackFailure);
        }
    }

    private BackendException failure(String what, SQLException e) {
        return new BackendException(what + " failed on " + dialect.name() + " (SQLState " + e.getSQLState()
                + ", code " + e.getErrorCode() + "): " + e.getMessage(), e);
    }

    private static void backOff(int attempt) {
        long millis = ThreadLocalRandom.current().nextLong(1, 1L + Math.min(200, 2L << Math.min(attempt, 7)));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while retrying a task store transaction", e);
        }
    }

    /** Collects the store's settings; {@link #build()} checks them, connects and creates the tables. */
    public static final class Builder {
        private String url;
        private DataSource dataSource;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private String dialect;
        private Clock clock = Clock.systemUTC();
        private int poolSize = StorePool.DEFAULT_POOL_SIZE;

        private Builder() {}

        /** A JDBC URL; the store makes a connection pool of its own (HikariCP must be on the class path). */
        public Builder url(String jdbcUrl) {
            this.url = jdbcUrl;
            return this;
        }

        /** The caller's {@link DataSource}, which the caller keeps and closes. */
        public Builder dataSource(DataSource source) {
            this.dataSource = source;
            return this;
        }

        /** Prefix of the table names ({@value TaskStore#DEFAULT_TABLE_PREFIX} by default). */
        public Builder tablePrefix(String prefix) {
            this.tablePrefix = prefix;
            return this;
        }

        /** {@code postgresql}, {@code mariadb}, {@code mysql} or {@code sqlite}; detected from the connection by default. */
        public Builder dialect(String name) {
            this.dialect = name;
            return this;
        }

        /** The clock rows are stamped with (the system clock by default); tests move it. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Connections in the pool made from a {@link #url} ({@value StorePool#DEFAULT_POOL_SIZE} by default). */
        public Builder poolSize(int connections) {
            this.poolSize = connections;
            return this;
        }

        /**
         * @throws InvalidInputException naming the setting that is wrong
         * @throws BackendException when the database cannot be reached
         */
        public TaskStore build() {
            if ((url == null) == (dataSource == null)) {
                throw new InvalidInputException("task store: give exactly one of url and dataSource");
            }
            if (clock == null) {
                throw new InvalidInputException("task store: clock must not be null");
            }
            if (poolSize < 1 || poolSize > StorePool.MAX_POOL_SIZE) {
                throw new InvalidInputException("task store: poolSize must be between 1 and "
                        + StorePool.MAX_POOL_SIZE + ", got " + poolSize);
            }
            TaskTables tables = new TaskTables(tablePrefix);
            if (dataSource != null) {
                return new TaskStore(dataSource, null, dialect, tables, clock);
            }
            StorePool pool = StorePool.create(url, poolSize);
            try {
                return new TaskStore(pool.dataSource(), pool, dialect, tables, clock);
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
        }
    }
}
