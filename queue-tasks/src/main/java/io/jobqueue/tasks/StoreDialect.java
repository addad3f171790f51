package io.jobqueue.tasks;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What differs between the databases a task store runs on: the table definitions, row locks, insert-if-absent,
 * and which errors pass. Every other statement is the same on all of them and lives beside the code that
 * binds it ({@link TaskRows}, {@link StageRows}, {@link OutboxRows}).
 */
abstract class StoreDialect {
    /** SQLState class 08: the connection failed; the work can run again on another connection. */
    private static final String CONNECTION_CLASS = "08";

    abstract String name();

    /** CREATE statements for the store's tables and indexes; each may run again (IF NOT EXISTS). */
    abstract List<String> schema(TaskTables t);

    /**
     * The tasks table's DDL, then its indexes where the database has partial indexes (PostgreSQL, SQLite), then
     * {@code rest}.
     */
    static List<String> withTaskIndexes(TaskTables t, String tasksTable, List<String> rest) {
        List<String> all = new java.util.ArrayList<>();
        all.add(tasksTable);
        all.add("CREATE UNIQUE INDEX IF NOT EXISTS %1$s_child ON %1$s (parent_id, parent_stage, child_seq)"
                .formatted(t.tasks()));
        // Listing by name and status is for top-level tasks (children are read through _child), so these leave
        // children out, and a child's changes of status touch two indexes, not four. They replace the earlier full
        // indexes, _name and _status, dropped once these are built (a drop locks the table until the schema's
        // transaction ends, a build only holds its writes).
        all.add("CREATE INDEX IF NOT EXISTS %1$s_top_name ON %1$s (name, status, id) WHERE parent_id IS NULL"
                .formatted(t.tasks()));
        all.add("CREATE INDEX IF NOT EXISTS %1$s_top_status ON %1$s (status, id) WHERE parent_id IS NULL"
                .formatted(t.tasks()));
        all.add("DROP INDEX IF EXISTS %1$s_name".formatted(t.tasks()));
        all.add("DROP INDEX IF EXISTS %1$s_status".formatted(t.tasks()));
        // Only top-level tasks are pruned by age; their children go with them.
        all.add("CREATE INDEX IF NOT EXISTS %1$s_finished ON %1$s (finished_at) WHERE parent_id IS NULL"
                .formatted(t.tasks()));
        all.addAll(rest);
        return all;
    }

    /** Appended to a SELECT to lock the rows it reads until the transaction ends. */
    String forUpdate() {
        return " FOR UPDATE";
    }

    /**
     * Appended to a SELECT to lock the rows it reads, passing over rows another transaction has locked: two
     * outbox sweepers take different rows (PostgreSQL, MariaDB 10.6+, MySQL 8).
     */
    String forUpdateSkipLocked() {
        return " FOR UPDATE SKIP LOCKED";
    }

    /** Whether {@code UPDATE … RETURNING} exists (PostgreSQL, SQLite 3.35+; not MariaDB or MySQL). */
    boolean updateReturning() {
        return false;
    }

    /** Whether a statement can take an SQL array as a parameter and {@code unnest} it (PostgreSQL). */
    boolean arrayParameters() {
        return false;
    }

    /** An INSERT of one row that does nothing when a row with the same {@code key} exists. */
    abstract String insertIfAbsent(String table, String columns, String values, String key);

    /** Prepares the connection for one of the store's transactions (autocommit is already off). */
    void begin(Connection c) throws SQLException {}

    /**
     * Called before a relaxed transaction begins ({@link TaskStore#inRelaxedTransaction}), in autocommit: lets it
     * commit without waiting for its log to reach the disk, and returns what {@link #afterRelaxed} needs to put the
     * connection back once it has ended. Only an embedded database does (SQLite): there the log's writer is the
     * process itself, so whatever loses the log's last commits (a power cut, an operating system crash) stops
     * every writer that followed them too, and the log keeps a prefix. A database server can lose them in a crash
     * of its own while its clients carry on, and a client would build on a commit that is gone (a job deleted
     * after a lost completion, a fan-out's chunk after a lost one): its commits always wait.
     */
    int beforeRelaxed(Connection c) throws SQLException {
        return 0;
    }

    void afterRelaxed(Connection c, int restore) throws SQLException {}

    /**
     * Where the database lets one connection write at a time (SQLite), the lock this process's writers on the
     * database {@code c} is open on take around each transaction, shared with the queue's pool on the same file
     * ({@link io.jobqueue.internal.SqliteWriteLock}); null where writers run side by side.
     */
    ReentrantLock writeLock(Connection c) throws SQLException {
        return null;
    }

    /** Serialises concurrent schema creation by several processes, inside the schema's transaction. */
    void lockSchema(Connection c, TaskTables t) throws SQLException {}

    /** Whether the database rolled the work back for a reason that passes (deadlock, busy, lost connection). */
    boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("40001") || state.startsWith(CONNECTION_CLASS));
    }

    static StoreDialect choose(Connection c, String override) throws SQLException {
        String name = override != null ? override : product(c.getMetaData());
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "postgresql" -> new PostgresStoreDialect();
            case "mariadb", "mysql" -> new MariaDbStoreDialect();
            case "sqlite" -> new SqliteStoreDialect();
            default -> throw new io.jobqueue.InvalidInputException("the task store runs on PostgreSQL, MariaDB, MySQL"
                    + " or SQLite; dialect '" + name + "' is not one of postgresql, mariadb, mysql, sqlite");
        };
    }

    private static String product(DatabaseMetaData meta) throws SQLException {
        String product = meta.getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return "postgresql";
        }
        if (product.contains("mariadb") || product.contains("mysql")) {
            return "mariadb";
        }
        return product.contains("sqlite") ? "sqlite" : product;
    }
}
