package io.jobqueue.worker;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.QueueTables;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A queue for one test on SQLite, PostgreSQL ({@value #POSTGRES_ENV}) or MariaDB ({@value #MARIADB_ENV}; else this
 * project's local servers), on a table of its own so concurrent runs on a shared server never meet; the tables are
 * dropped after.
 */
final class TestDatabase implements AutoCloseable {
    static final String POSTGRES_ENV = "JOBQUEUE_TEST_POSTGRES_URL";
    static final String POSTGRES_DEFAULT = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final String MARIADB_ENV = "JOBQUEUE_TEST_MYSQL_URL";
    static final String MARIADB_DEFAULT = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

    final String url;
    final JobQueue queue;
    /** The jobs table; on SQLite a file of its own holds it. */
    final String table;

    TestDatabase(String database) {
        this.url = switch (database) {
            case "sqlite" -> TestQueues.sqliteUrl("pool");
            case "postgresql" -> {
                String value = System.getenv(POSTGRES_ENV);
                yield value == null || value.isBlank() ? POSTGRES_DEFAULT : value;
            }
            case "mariadb" -> {
                String value = System.getenv(MARIADB_ENV);
                yield value == null || value.isBlank() ? MARIADB_DEFAULT : value;
            }
            default -> throw new IllegalArgumentException(database);
        };
        this.table = "jqw" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL) + "_jobs";
        this.queue = JobQueue.connect(url, QueueSettings.builder().pollInterval(Duration.ofMillis(20))
                .option("table", table).build());
    }

    @Override
    public void close() throws SQLException {
        queue.close();
        if (url.startsWith("jdbc:sqlite:")) {
            return; // a file of its own under target/
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            QueueTables.dropIfExist(s, table);
        }
    }
}
