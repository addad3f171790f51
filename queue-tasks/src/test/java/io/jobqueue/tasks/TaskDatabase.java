package io.jobqueue.tasks;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.beanstalkd.BeanstalkdProcess;
import io.jobqueue.rabbitmq.RabbitBackend;
import io.jobqueue.rabbitmq.RabbitMqServer;
import io.jobqueue.tck.QueueTables;
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
 * {@code beanstalkd} is a beanstalkd server of the test's own with a store in an SQLite file (or in the database
 * {@link #outbox} names): a queue without transactions, whose task jobs go through the store's outbox.
 * {@code rabbitmq} is the test broker of {@link RabbitMqServer} with a store in an SQLite file, the same path; the
 * test's pipelines have names of their own, and closing deletes the queues the backend declared for them.
 */
final class TaskDatabase implements AutoCloseable {
    static final String POSTGRES_ENV = "JOBQUEUE_TEST_POSTGRES_URL";
    static final String MYSQL_ENV = "JOBQUEUE_TEST_MYSQL_URL";
    /** Polls often, so releases and delays show promptly. */
    static final Duration POLL = Duration.ofMillis(20);

    final String url;
    final String storeUrl;
    final String prefix;
    final JobQueue queue;
    final TaskStore store;
    /** Whether closing drops the tables: the test's own database, not one a child process attached to. */
    private final boolean owner;
    /** The beanstalkd server this test started, stopped on close; null for a JDBC queue. */
    private final BeanstalkdProcess server;
    /** The RabbitMQ backend under {@link #queue}, whose queues closing deletes; null on other queues. */
    private final RabbitBackend rabbit;

    private TaskDatabase(String url, String storeUrl, String prefix, Clock clock, boolean owner,
            BeanstalkdProcess server) {
        this.url = url;
        this.storeUrl = storeUrl;
        this.prefix = prefix;
        this.owner = owner;
        this.server = server;
        QueueSettings.Builder settings = QueueSettings.builder().pollInterval(POLL);
        if (url.startsWith("jdbc:")) {
            settings.option("table", prefix + "jobs");
        }
        QueueSettings built = settings.build();
        // RabbitMQ cannot list queues: keep the backend, which remembers the ones it declared, to delete them.
        this.rabbit = url.startsWith("amqp:") ? RabbitBackend.open(url, built) : null;
        this.queue = rabbit != null ? JobQueue.create(rabbit, built) : JobQueue.connect(url, built);
        this.store = TaskStore.builder().url(storeUrl).tablePrefix(prefix).clock(clock).build();
    }

    /**
     * {@code sqlite}, {@code postgresql}, {@code mariadb} (queue and store in one database), {@code beanstalkd} or
     * {@code rabbitmq}.
     */
    static TaskDatabase open(String database, Clock clock) {
        return switch (database) {
            case "beanstalkd" -> outbox("sqlite", clock);
            case "rabbitmq" -> create(RabbitMqServer.URL, jdbcUrl("sqlite"), null, clock);
            default -> {
                String url = jdbcUrl(database); // once: an SQLite URL is a fresh file each time
                yield create(url, url, null, clock);
            }
        };
    }

    /** A beanstalkd server of its own, and a task store in {@code storeDatabase}. */
    static TaskDatabase outbox(String storeDatabase, Clock clock) {
        BeanstalkdProcess server = BeanstalkdProcess.startOrUseEnvironment();
        try {
            return create(server.url(), jdbcUrl(storeDatabase), server, clock);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static TaskDatabase create(String url, String storeUrl, BeanstalkdProcess server, Clock clock) {
        String prefix = "jqt" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL) + "_";
        return new TaskDatabase(url, storeUrl, prefix, clock, true, server);
    }

    private static String jdbcUrl(String database) {
        return switch (database) {
            case "sqlite" -> SqliteFiles.freshUrl("tasks");
            case "postgresql" -> env(POSTGRES_ENV, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
            case "mariadb" -> env(MYSQL_ENV, "jdbc:mariadb://127.0.0.1:3306/test?user=root");
            default -> throw new IllegalArgumentException(database);
        };
    }

    /** The queue and store another test process opened, for a process of the same test. */
    static TaskDatabase attach(String url, String storeUrl, String prefix) {
        return new TaskDatabase(url, storeUrl, prefix, Clock.systemUTC(), false, null);
    }

    String pipelinePrefix() {
        return prefix.replace('_', '.');
    }

    @Override
    public void close() throws Exception {
        store.close();
        queue.close();
        if (server != null) {
            server.close();
        }
        if (rabbit != null && owner) {
            RabbitMqServer.deleteQueuesOf(rabbit);
        }
        if (!owner || storeUrl.startsWith("jdbc:sqlite:")) {
            return; // a file of its own under target/
        }
        try (Connection c = DriverManager.getConnection(storeUrl); Statement s = c.createStatement()) {
            for (String table : new String[] {prefix + "tasks", prefix + "task_stages", prefix + "task_outbox"}) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
            QueueTables.dropIfExist(s, prefix + "jobs");
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
