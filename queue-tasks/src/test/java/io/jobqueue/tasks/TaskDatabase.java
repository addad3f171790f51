package io.jobqueue.tasks;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.SqliteFiles;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A database for one test: its URL (environment variables, else this project's local servers), a queue and a
 * task store on it, with tables of their own so concurrent runs on a shared server never meet, dropped after.
 */
final class TaskDatabase implements AutoCloseable {
    static final String POSTGRES_ENV = "JOBQUEUE_TEST_POSTGRES_URL";
    static final String MYSQL_ENV = "JOBQUEUE_TEST_MYSQL_URL";
    /** Polls often, so releases and delays show promptly. */
    static final Duration POLL = Duration.ofMillis(20);

    final String url;
    final String prefix;
    final JobQueue queue;
    final TaskStore store;
    /** Whether closing drops the tables: the test's own database, not one a child process attached to. */
    private final boolean owner;

    private TaskDatabase(String url, Clock clock) {
        this(url, "jqt" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL) + "_", clock, true);
    }

    private TaskDatabase(String url, String prefix, Clock clock, boolean owner) {
        this.url = url;
        this.prefix = prefix;
        this.owner = owner;
        QueueSettings settings = QueueSettings.builder().pollInterval(POLL).option("table", prefix + "jobs").build();
        this.queue = JobQueue.connect(url, settings);
        this.store = TaskStore.builder().url(url).tablePrefix(prefix).clock(clock).build();
    }

    static TaskDatabase open(String database, Clock clock) {
        return new TaskDatabase(switch (database) {
            case "sqlite" -> SqliteFiles.freshUrl("tasks");
            case "postgresql" -> env(POSTGRES_ENV, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
            case "mariadb" -> env(MYSQL_ENV, "jdbc:mariadb://127.0.0.1:3306/test?user=root");
            default -> throw new IllegalArgumentException(database);
        }, clock);
    }

    /** The database another test process opened, for a process of the same test. */
    static TaskDatabase attach(String url, String prefix) {
        return new TaskDatabase(url, prefix, Clock.systemUTC(), false);
    }

    String pipelinePrefix() {
        return prefix.replace('_', '.');
    }

    @Override
    public void close() throws SQLException {
        store.close();
        queue.close();
        if (!owner || url.startsWith("jdbc:sqlite:")) {
            return; // a file of its own under target/
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String table : new String[] {prefix + "tasks", prefix + "task_stages", prefix + "jobs",
                    prefix + "jobs_schema"}) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
