package io.jobqueue.worker;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A worker process for {@link PipelineLimitsAcrossProcessesTest}: works pipeline {@code args[1]} of the queue at
 * URL {@code args[0]} (JDBC table {@code args[2]}) with 4 handlers, each job taking {@code args[3]} ms, and prints
 * {@code ran <id> <start> <end>} per job, in microseconds of the wall clock, until a signal stops it.
 */
public final class LimitedWorkerMain {
    private LimitedWorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        JobQueue queue = JobQueue.connect(args[0], QueueSettings.builder().option("table", args[2])
                .pollInterval(Duration.ofMillis(10)).build());
        long millis = Long.parseLong(args[3]);
        Worker worker = Worker.builder(queue)
                .registerWorker(args[1], job -> {
                    long start = micros();
                    Thread.sleep(millis);
                    long end = micros();
                    System.out.println("ran " + job.id() + " " + start + " " + end);
                })
                .concurrency(4)
                .batchSize(4)
                .heartbeatInterval(Duration.ZERO)
                .shutdownTimeout(Duration.ofSeconds(5))
                .build();
        worker.installShutdownHook();
        worker.start();
        System.out.println("started");
        worker.awaitTermination(Duration.ofDays(1));
    }

    private static long micros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
