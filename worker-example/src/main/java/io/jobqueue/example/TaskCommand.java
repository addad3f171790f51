package io.jobqueue.example;

import io.jobqueue.internal.Redaction;
import io.jobqueue.tasks.Task;
import io.jobqueue.tasks.TaskQuery;
import io.jobqueue.tasks.TaskStatus;
import io.jobqueue.worker.Worker;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code task start|status|list|work|run}: tasks on the queue's database (SQLite by default).
 *
 * <ul>
 *   <li>{@code task start domain-check --file F} queues a task and prints its id;</li>
 *   <li>{@code task status ID [--json]} prints its status stage by stage, and its result;</li>
 *   <li>{@code task list [--name N] [--status S] [--limit N]} the newest tasks;</li>
 *   <li>{@code task work} runs the task workers until SIGTERM;</li>
 *   <li>{@code task run domain-check --file F} starts a task, works it in this process until it has finished,
 *       printing progress, then prints its status: the demo in one command.</li>
 * </ul>
 */
final class TaskCommand {
    static final Set<String> CONNECTION = Set.of("url", "url-file", "option", "store-url");
    static final Set<String> START_OPTIONS = union(CONNECTION, Set.of("file"));
    static final Set<String> STATUS_OPTIONS = CONNECTION;
    static final Set<String> LIST_OPTIONS = union(CONNECTION, Set.of("name", "status", "limit"));
    static final Set<String> WORKER_OPTIONS = Set.of("concurrency", "resolver", "lookup-timeout-ms",
            "max-output-bytes");
    static final Set<String> WORK_OPTIONS = union(union(CONNECTION, WORKER_OPTIONS),
            Set.of("health-port", "shutdown-timeout"));
    static final Set<String> RUN_OPTIONS = union(union(CONNECTION, WORKER_OPTIONS), Set.of("file", "timeout"));
    static final int DEFAULT_CONCURRENCY = 8;
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(TaskCommand.class);

    private TaskCommand() {}

    static int run(List<String> args, PrintStream out) throws Exception {
        if (args.isEmpty()) {
            throw new UsageException("task: say start, status, list, work or run");
        }
        String sub = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (sub) {
            case "start" -> start(rest, out);
            case "status" -> status(rest, out);
            case "list" -> list(Args.parse("task list", rest, LIST_OPTIONS), out);
            case "work" -> work(Args.parse("task work", rest, WORK_OPTIONS));
            case "run" -> runHere(rest, out);
            default -> throw new UsageException("task: unknown subcommand '" + sub
                    + "' (subcommands: start, status, list, work, run)");
        };
    }

    private static int start(List<String> rest, PrintStream out) {
        String name = positional("task start", rest, "a task name (" + String.join(", ", ExampleTasks.startable())
                + ")");
        Args args = Args.parse("task start", rest.subList(1, rest.size()), START_OPTIONS);
        DomainCheckTask.Params params = params("task start", name, args);
        try (ExampleTasks tasks = ExampleTasks.open(args)) {
            out.println(tasks.manager.queue(name, params).id());
        }
        return 0;
    }

    private static int status(List<String> rest, PrintStream out) {
        String idText = positional("task status", rest, "a task id");
        List<String> options = new ArrayList<>(rest.subList(1, rest.size()));
        boolean json = options.remove("--json"); // a flag: Args takes options with values only
        Args args = Args.parse("task status", options, STATUS_OPTIONS);
        long id = id(idText);
        try (ExampleTasks tasks = ExampleTasks.open(args)) {
            new TaskPrinter(tasks, out).status(tasks.manager.getTask(id), json);
        }
        return 0;
    }

    private static int list(Args args, PrintStream out) {
        TaskQuery query = TaskQuery.all().page(0, args.intValue("limit", 20, 1, TaskQuery.MAX_LIMIT));
        if (args.has("name")) {
            query = query.withName(args.require("name"));
        }
        if (args.has("status")) {
            query = query.withStatus(status(args.require("status")));
        }
        try (ExampleTasks tasks = ExampleTasks.open(args)) {
            List<Task> page = tasks.manager.list(query);
            new TaskPrinter(tasks, out).list(page, tasks.manager.count(query));
        }
        return 0;
    }

    private static int work(Args args) throws Exception {
        try (ExampleTasks tasks = openForWork(args)) {
            Worker.Builder builder = workerBuilder(tasks, args);
            if (args.has("health-port")) {
                builder.healthPort(args.intValue("health-port", 0, 0, 65_535));
            }
            try (Worker worker = builder.build()) {
                worker.installShutdownHook();
                worker.start();
                log.info("task worker {} running tasks {} on {}", SampleHandlers.workerName(),
                        ExampleTasks.startable(), Redaction.url(tasks.url));
                while (!worker.awaitTermination(Duration.ofMinutes(1))) {
                    // runs until SIGTERM (the shutdown hook) stops the worker
                }
                log.info("task worker stopped: {}", WorkCommand.describe(worker.stats()));
            }
        }
        return 0;
    }

    /**
     * The task workers a long-running command runs ({@code task work}, {@code serve}): {@code --concurrency N} or
     * {@code MIN..MAX} (default {@value #DEFAULT_CONCURRENCY}) and {@code --shutdown-timeout S}.
     */
    static Worker.Builder workerBuilder(ExampleTasks tasks, Args args) {
        Concurrency concurrency = Concurrency.parse(args.get("concurrency", Integer.toString(DEFAULT_CONCURRENCY)));
        return tasks.manager.workerBuilder()
                .concurrency(concurrency.min(), concurrency.max())
                .shutdownTimeout(Duration.ofSeconds(args.intValue("shutdown-timeout",
                        (int) Worker.DEFAULT_SHUTDOWN_TIMEOUT.toSeconds(), 0, 86_400)));
    }

    /** Starts a task and works it here until it has finished; exit code 0 when it completed. */
    private static int runHere(List<String> rest, PrintStream out) throws Exception {
        String name = positional("task run", rest, "a task name (" + String.join(", ", ExampleTasks.startable()) + ")");
        Args args = Args.parse("task run", rest.subList(1, rest.size()), RUN_OPTIONS);
        DomainCheckTask.Params params = params("task run", name, args);
        Duration timeout = Duration.ofSeconds(args.intValue("timeout", 600, 1, 86_400));
        long start = System.nanoTime();
        try (ExampleTasks tasks = openForWork(args)) {
            long id = tasks.manager.queue(name, params).id();
            out.printf(Locale.ROOT, "task %d %s queued on %s%n", id, name, Redaction.url(tasks.url));
            TaskPrinter printer = new TaskPrinter(tasks, out);
            Task task;
            try (Worker worker = tasks.manager.workerBuilder()
                    .concurrency(args.intValue("concurrency", DEFAULT_CONCURRENCY, 1, 10_000))
                    .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                    .reserveTimeout(Duration.ofMillis(200))
                    .shutdownTimeout(Duration.ofSeconds(5))
                    .build()) {
                worker.start();
                long deadline = System.nanoTime() + timeout.toNanos();
                while (true) {
                    task = tasks.manager.getTask(id);
                    printer.progress(task, start);
                    if (task.status().isFinished() || System.nanoTime() > deadline) {
                        break;
                    }
                    Thread.sleep(PROGRESS_INTERVAL.toMillis());
                }
                worker.shutdown();
                worker.awaitTermination(Duration.ofSeconds(10));
            }
            printer.status(task, false);
            if (!task.status().isFinished()) {
                out.println("task " + id + " did not finish within " + timeout.toSeconds() + " s");
            }
            return task.status() == TaskStatus.COMPLETED ? 0 : 1;
        }
    }

    /** The tasks of {@code args}' queue, with the lookups run by the resolver its options name. */
    static ExampleTasks openForWork(Args args) {
        ResolverCommand resolver = args.has("resolver") ? new ResolverCommand(args.all("resolver"))
                : ResolverCommand.defaults();
        resolver.requireProgram();
        Duration lookupTimeout = Duration.ofMillis(args.intValue("lookup-timeout-ms",
                (int) ExampleTasks.DEFAULT_LOOKUP_TIMEOUT.toMillis(), 1, 600_000));
        int maxOutput = args.intValue("max-output-bytes", CommandRunner.DEFAULT_MAX_CAPTURE_BYTES, 0,
                CommandRunner.MAX_CAPTURE_BYTES);
        return ExampleTasks.open(args, new CommandRunner(lookupTimeout, maxOutput), resolver);
    }

    /** The params of a task a user starts: only domain-check takes any, the file. */
    private static DomainCheckTask.Params params(String command, String name, Args args) {
        if (!ExampleTasks.startable().contains(name)) {
            throw new UsageException(command + ": no task named '" + name + "' (tasks: "
                    + String.join(", ", ExampleTasks.startable()) + ")");
        }
        Path file = Path.of(args.require("file")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new UsageException(command + ": --file " + file + " is not a readable file");
        }
        return new DomainCheckTask.Params(file.toString());
    }

    private static String positional(String command, List<String> rest, String what) {
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new UsageException(command + " needs " + what);
        }
        return rest.get(0);
    }

    private static long id(String text) {
        try {
            long id = Long.parseLong(text.trim());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("task status: a task id is a positive whole number, got '" + text + "'");
    }

    private static TaskStatus status(String text) {
        try {
            return TaskStatus.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("task list: --status must be one of " + List.of(TaskStatus.values())
                    + ", got '" + text + "'");
        }
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
