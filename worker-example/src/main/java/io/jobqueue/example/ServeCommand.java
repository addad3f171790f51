package io.jobqueue.example;

import io.jobqueue.dashboard.Dashboard;
import io.jobqueue.internal.Redaction;
import io.jobqueue.worker.Worker;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve}: the whole admin app in one process, the dashboard and the task workers on one queue and task
 * store (SQLite {@code jobqueue.db} by default, like the {@code task} commands). Prints the dashboard's URL, runs
 * until SIGTERM or Ctrl-C, then shuts down gracefully: the workers stop taking jobs and finish the ones they
 * run, then the dashboard closes, then the queue.
 */
final class ServeCommand {
    static final Set<String> OPTIONS = TaskCommand.union(TaskCommand.WORK_OPTIONS,
            Set.of("host", "port", "store-url", DashboardCredentials.OPTION));
    /** The margin the shutdown hook allows past the workers' own longest shutdown, for closing the rest. */
    static final Duration CLOSE_MARGIN = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    private ServeCommand() {}

    static int run(Args args, PrintStream out) throws Exception {
        String host = args.get("host", Dashboard.DEFAULT_HOST).strip();
        int port = args.intValue("port", Dashboard.DEFAULT_PORT, 0, 65_535);
        Optional<DashboardCredentials> credentials = DashboardCredentials.read(args, System.getenv());
        // Refused before anything is opened, so a refused start leaves no database file behind.
        if (credentials.isEmpty() && !isLoopback(host)) {
            throw new UsageException("serve: --host " + host + " listens beyond loopback, and then the dashboard"
                    + " needs credentials: put user:password on the first line of a file and give --"
                    + DashboardCredentials.OPTION + " FILE, or set $" + DashboardCredentials.ENV
                    + "; or leave --host out to listen on " + Dashboard.DEFAULT_HOST + " only");
        }
        ExampleTasks tasks = TaskCommand.openForWork(args);
        CountDownLatch closed = new CountDownLatch(1);
        try {
            Worker worker = TaskCommand.workerBuilder(tasks, args).build();
            try {
                Dashboard dashboard = start(Dashboard.builder(tasks.queue, tasks.manager).host(host).port(port),
                        credentials);
                try {
                    installShutdownHook(worker, closed);
                    worker.start();
                    out.println("dashboard: " + dashboard.url() + "/" + (credentials.isPresent()
                            ? " (HTTP Basic, user " + credentials.get().user() + ")" : ""));
                    out.println("task workers: " + ExampleTasks.startable() + " on " + Redaction.url(tasks.url));
                    out.println("SIGTERM or Ctrl-C stops both: running tasks finish first");
                    out.flush();
                    while (!worker.awaitTermination(Duration.ofMinutes(1))) {
                        // runs until SIGTERM or Ctrl-C (the shutdown hook) stops the worker
                    }
                    log.info("task workers stopped: {}", WorkCommand.describe(worker.stats()));
                } finally {
                    dashboard.close();
                }
            } finally {
                worker.close();
            }
        } finally {
            tasks.close();
            closed.countDown();
        }
        return 0;
    }

    private static Dashboard start(Dashboard.Builder builder, Optional<DashboardCredentials> credentials) {
        credentials.ifPresent(c -> builder.credentials(c.user(), c.password()));
        return builder.start();
    }

    /**
     * On SIGTERM or Ctrl-C: stop the workers, then wait (bounded) while the main thread lets running tasks finish
     * and closes the dashboard and the queue; the JVM ends when this hook returns.
     */
    private static void installShutdownHook(Worker worker, CountDownLatch closed) {
        Duration patience = worker.longestShutdown().plus(CLOSE_MARGIN);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping: task workers finish what they run, then the dashboard closes");
            worker.shutdown();
            try {
                if (!closed.await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.error("serve did not finish shutting down in {} ms", patience.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "serve-shutdown-hook"));
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new UsageException("serve: --host " + host + " is not an address of this machine");
        }
    }
}
