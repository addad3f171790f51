package io.jobqueue.example;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.ReservationLostException;
import io.jobqueue.worker.JobHandler;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code loop --pipeline P}: the worker loop written directly against {@link JobQueue}, without the worker
 * runtime. One job at a time: reserve, handle, delete; on failure release it with a growing delay, or bury it
 * after {@value #MAX_ATTEMPTS} attempts. SIGTERM (or Ctrl-C) lets the current job finish, then stops.
 */
final class LoopCommand {
    static final Set<String> OPTIONS = Set.of("url", "url-file", "option", "pipeline", "results", "outbox", "failure-rate",
            "lookup-timeout-ms", "handler-delay-ms", "record", "worker-name");
    static final int MAX_ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(LoopCommand.class);

    private LoopCommand() {}

    static int run(Args args, PrintStream out) throws Exception {
        ProduceCommand.PipelineTarget target = ProduceCommand.PipelineTarget.parse(args.require("pipeline"));
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.set(false);
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "loop-shutdown"));

        long handled = 0;
        try (JobQueue queue = QueueConnections.open(args); SampleHandlers handlers = new SampleHandlers(args)) {
            JobHandler handler = handlers.forKind(target.kind());
            JobQueue pipeline = queue.watchPipeline(target.pipeline());
            log.info("loop: working pipeline {} with the {} handler", target.pipeline(), target.kind().label());

            while (running.get()) {
                Optional<Job> next = pipeline.getNextJobAndReserve(Duration.ofSeconds(1));
                if (next.isEmpty()) {
                    continue;
                }
                Job job = next.get();
                try {
                    handler.handle(job);
                    pipeline.delete(job);
                } catch (ReservationLostException e) {
                    log.warn("job {} took longer than its TTR ({}); it is another worker's now", job.id(), job.ttr());
                } catch (Exception e) {
                    if (job.reserves() >= MAX_ATTEMPTS) {
                        log.warn("job {} failed {} times, burying it: {}", job.id(), job.reserves(), e.toString());
                        pipeline.bury(job, job.priority(), e.toString());
                    } else {
                        log.warn("job {} failed (attempt {}), retrying: {}", job.id(), job.reserves(), e.toString());
                        pipeline.release(job, job.priority(), Duration.ofSeconds(job.reserves()));
                    }
                }
                handled++;
            }
        } finally {
            stopped.countDown();
        }
        out.println("loop stopped after " + handled + " jobs");
        return 0;
    }
}
