package io.jobqueue.example;

import io.jobqueue.JobQueue;
import io.jobqueue.worker.Worker;
import io.jobqueue.worker.WorkerMetrics;
import io.jobqueue.worker.WorkerStats;
import io.micrometer.core.instrument.Tags;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code work --pipelines a,b --concurrency N} (or {@code MIN..MAX}, a pool that sizes itself): runs the worker
 * runtime with a sample handler per pipeline until SIGTERM, then shuts down gracefully (running jobs finish, jobs not started are released).
 */
final class WorkCommand {
    static final Set<String> OPTIONS = Set.of("url", "url-file", "option", "pipelines", "concurrency", "max-attempts",
            "health-port", "shutdown-timeout", "batch-size", "progress-interval", "results", "outbox",
            "failure-rate", "lookup-timeout-ms", "handler-delay-ms", "record", "worker-name", "metrics");
    static final int DEFAULT_PROGRESS_INTERVAL_SECONDS = 10;
    private static final Logger log = LoggerFactory.getLogger(WorkCommand.class);

    private WorkCommand() {}

    static int run(Args args, PrintStream out) throws Exception {
        List<PipelineSpec> specs = PipelineSpec.parseList(args.require("pipelines"));
        Concurrency concurrency = Concurrency.parse(args.get("concurrency", Integer.toString(
                Worker.DEFAULT_CONCURRENCY)));
        int progressSeconds = args.intValue("progress-interval", DEFAULT_PROGRESS_INTERVAL_SECONDS, 0, 86_400);
        try (JobQueue queue = QueueConnections.open(args); SampleHandlers handlers = new SampleHandlers(args)) {
            Worker.Builder builder = Worker.builder(queue)
                    .concurrency(concurrency.min(), concurrency.max())
                    .maxAttempts(args.intValue("max-attempts", Worker.DEFAULT_MAX_ATTEMPTS, 1, Integer.MAX_VALUE))
                    .shutdownTimeout(Duration.ofSeconds(args.intValue("shutdown-timeout",
                            (int) Worker.DEFAULT_SHUTDOWN_TIMEOUT.toSeconds(), 0, 86_400)));
            if (args.has("batch-size")) {
                builder.batchSize(args.intValue("batch-size", 1, 1, 10_000));
            }
            if (args.has("health-port")) {
                builder.healthPort(args.intValue("health-port", 0, 0, 65_535));
            }
            for (PipelineSpec spec : specs) {
                builder.registerWorker(spec.pipeline(), handlers.forKind(spec.handler()));
            }
            try (Worker worker = builder.build();
                    MetricsEndpoint metrics = args.has("metrics")
                            ? new MetricsEndpoint(args.intValue("metrics", 0, 0, 65_535)) : null) {
                worker.installShutdownHook();
                if (metrics != null) {
                    new WorkerMetrics(worker, Tags.of("worker", SampleHandlers.workerName())).bindTo(metrics.registry);
                }
                log.info("worker {} working {} with concurrency {}", SampleHandlers.workerName(),
                        specs.stream().map(s -> s.pipeline() + " (" + s.handler().label() + ")")
                                .collect(Collectors.joining(", ")),
                        concurrency);
                ScheduledExecutorService progress = progressLogger(worker, progressSeconds);
                try {
                    worker.start();
                    if (args.has("health-port")) {
                        log.info("health endpoint on port {}", worker.healthPort());
                    }
                    if (metrics != null) {
                        log.info("metrics on http://127.0.0.1:{}{}", metrics.port(), MetricsEndpoint.PATH);
                    }
                    while (!worker.awaitTermination(Duration.ofMinutes(1))) {
                        // runs until SIGTERM (the shutdown hook) stops the worker
                    }
                } finally {
                    progress.shutdownNow();
                }
                log.info("worker stopped: {}", describe(worker.stats()));
            }
        }
        return 0;
    }

    private static ScheduledExecutorService progressLogger(Worker worker, int seconds) {
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "progress");
            thread.setDaemon(true);
            return thread;
        });
        if (seconds > 0) {
            progress.scheduleAtFixedRate(() -> log.info("progress: {}", describe(worker.stats())),
                    seconds, seconds, TimeUnit.SECONDS);
        }
        return progress;
    }

    static String describe(WorkerStats s) {
        return "reserved=" + s.reserved() + " succeeded=" + s.succeeded() + " retried=" + s.retried()
                + " buried=" + s.buried() + " inFlight=" + s.inFlight() + " reconnects=" + s.reconnects()
                + " handlers=" + s.handlers() + " busy=" + s.busyHandlers();
    }
}
