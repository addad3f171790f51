package io.jobqueue.worker;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import java.time.Duration;

/**
 * A worker process for {@link WorkerRegistryAcrossProcessesTest}: works pipeline {@code args[1]} of the queue at
 * URL {@code args[0]} (JDBC table {@code args[2]}) with heartbeats every {@code args[3]} ms, printing {@code
 * worker <id>} once started, until a signal shuts it down gracefully.
 */
public final class HeartbeatWorkerMain {
    private HeartbeatWorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        JobQueue queue = JobQueue.connect(args[0], QueueSettings.builder().option("table", args[2]).build());
        Worker worker = Worker.builder(queue)
                .registerWorker(args[1], job -> { })
                .concurrency(2)
                .heartbeatInterval(Duration.ofMillis(Long.parseLong(args[3])))
                .shutdownTimeout(Duration.ofSeconds(5))
                .build();
        worker.installShutdownHook();
        worker.start();
        System.out.println("worker " + worker.id());
        worker.awaitTermination(Duration.ofDays(1));
    }
}
