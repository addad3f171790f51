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
 * The example jar's tasks on the queue a command names: the queue, a task store in the same database (so a
 * task's rows and its jobs commit together), and a manager with the example task definitions.
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
        if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
            throw new UsageException("task commands need a JDBC queue (SQLite, PostgreSQL, MariaDB/MySQL), whose"
                    + " database holds the task store too; tasks on other backends need the store's outbox,"
                    + " which is not built yet");
        }
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
     * {@code --store-url}, where a command takes it, else the queue's URL. The store adds a task's jobs in its own
     * transaction, so it must reach the queue's database (by another URL: other credentials, other pool
     * options); two SQLite URLs naming different files are refused, since the jobs would land in the store's file
     * where no worker looks.
     */
    static String storeUrl(Args args, String queueUrl) {
        if (!args.has("store-url")) {
            return queueUrl;
        }
        String storeUrl = args.require("store-url").trim();
        if (!storeUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
            throw new UsageException("--store-url must be a JDBC URL of the queue's database");
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
        store.close();
        queue.close();
    }
}
