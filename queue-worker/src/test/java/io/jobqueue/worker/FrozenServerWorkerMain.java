package io.jobqueue.worker;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import java.time.Duration;

/**
 * A worker process for {@link FrozenServerTest}: works pipeline {@code args[1]} of the queue at URL {@code
 * args[0]} (JDBC table {@code args[2]}) with the default connect and call timeouts, printing {@code health
 * <port>} once started and {@code handled <id>} per job, until it gets a signal.
 */
public final class FrozenServerWorkerMain {
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private FrozenServerWorkerMain() {}

    public static void main(String[] args) {
        JobQueue queue = JobQueue.connect(args[0], QueueSettings.builder().option("table", args[2]).build());
        Worker worker = Worker.builder(queue)
                .registerWorker(args[1], job -> {
                    System.out.println("handled " + job.id());
                    Thread.sleep(20);
                })
                .concurrency(4)
                .healthPort(0)
                .shutdownTimeout(SHUTDOWN_TIMEOUT)
                .build();
        worker.installShutdownHook();
        worker.start();
        System.out.println("health " + worker.healthPort());
        try {
            worker.awaitTermination(Duration.ofDays(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
