package io.jobqueue.example;

import io.jobqueue.JobQueue;
import io.jobqueue.tasks.TaskDefinition;
import io.jobqueue.tasks.TaskManager;
import io.jobqueue.tasks.TaskStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The example jar's tasks on the queue a command names: the queue, a task store (in the same database on a JDBC
 * queue, so a task's rows and its jobs commit together; a database of its own otherwise), and a manager with the
 * example task definitions.
 */
final class ExampleTasks implements AutoCloseable {
    static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofSeconds(5);

    final String url;
    final JobQueue queue;
    final TaskStore store;
    final TaskManager manager;
    private final Map<String, TaskDefinition> definitions;

    private ExampleTasks(String url, JobQueue queue, TaskStore store, List<TaskDefinition> definitions) {
        this.url = url;
        this.queue = queue;
        this.store = store;
        TaskManager.Builder builder = TaskManager.builder(queue, store);
        definitions.forEach(builder::register);
        this.manager = builder.build();
        this.definitions = definitions.stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(TaskDefinition::name, d -> d));
    }

    /** Opens the queue and the store of {@code args} ({@code --url}, {@code --url-file}, {@code $JOBQUEUE_URL}). */
    static ExampleTasks open(Args args, CommandRunner runner, ResolverCommand resolver) {
        String url = QueueConnections.url(args, System.getenv());
        String storeUrl = storeUrl(args, url);
        JobQueue queue = JobQueue.connect(url, QueueConnections.settings(args));
        TaskStore store = null;
        try {
            store = TaskStore.builder().url(storeUrl).build();
            return new ExampleTasks(url, queue, store, List.of(DomainCheckTask.definition(),
                    DomainCheckTask.lookup(runner, resolver)));
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            queue.close();
            throw e;
        }
    }

    /**
     * {@code --store-url}, else the queue's URL. On a JDBC queue the store adds a task's jobs in its own
     * transaction, so it must reach the queue's database (by another URL: other credentials, other pool options);
     * two SQLite URLs naming different files are refused, since the jobs would land in the store's file where no
     * worker looks. A queue without transactions (beanstalkd, RabbitMQ) needs a database of the store's own, which
     * its jobs reach through the store's outbox.
     */
    static String storeUrl(Args args, String queueUrl) {
        boolean jdbcQueue = isJdbc(queueUrl);
        if (!args.has("store-url")) {
            if (!jdbcQueue) {
                throw new UsageException("tasks on a queue other than JDBC keep their state in a database of their"
                        + " own: give --store-url, e.g. --store-url jdbc:sqlite:tasks.db");
            }
            return queueUrl;
        }
        String storeUrl = args.require("store-url").trim();
        if (!isJdbc(storeUrl)) {
            throw new UsageException(jdbcQueue ? "--store-url must be a JDBC URL of the queue's database"
                    : "--store-url must be a JDBC URL (SQLite, PostgreSQL, MariaDB/MySQL)");
        }
        if (!jdbcQueue) {
            return storeUrl;
        }
        Optional<Path> storeFile = sqliteFile(storeUrl);
        Optional<Path> queueFile = sqliteFile(queueUrl);
        if (storeFile.isPresent() && !storeFile.equals(queueFile)) {
            throw new UsageException("--store-url names the SQLite file " + storeFile.get() + " but the queue is "
                    + queueFile.map(Path::toString).orElse("elsewhere") + ": a task's jobs are added in the store's"
                    + " transaction, so the store must be the queue's database");
        }
        return storeUrl;
    }

    private static boolean isJdbc(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith("jdbc:");
    }

    private static Optional<Path> sqliteFile(String url) {
        String prefix = "jdbc:sqlite:";
        if (!url.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return Optional.empty();
        }
        String rest = url.substring(prefix.length());
        int query = rest.indexOf('?');
        String file = (query < 0 ? rest : rest.substring(0, query)).replaceFirst("^file:", "");
        return Optional.of(Path.of(file).toAbsolutePath().normalize());
    }

    /** For the commands that only queue and read tasks: the lookups are never run here. */
    static ExampleTasks open(Args args) {
        return open(args, new CommandRunner(DEFAULT_LOOKUP_TIMEOUT), ResolverCommand.defaults());
    }

    Optional<TaskDefinition> definition(String name) {
        return Optional.ofNullable(definitions.get(name));
    }

    /** The task names a user may start: the top-level ones. */
    static List<String> startable() {
        return List.of(DomainCheckTask.NAME);
    }

    @Override
    public void close() {
        manager.close(); // its outbox sweeper, on a queue without transactions
        store.close();
        queue.close();
    }
}
