package io.jobqueue.worker;

import io.jobqueue.JobQueue;
import java.time.Duration;

/**
 * A worker process for {@link SignalShutdownTest}: runs slow jobs of pipeline {@code slow} on the SQLite file
 * given as the argument, printing {@code started <id>} and {@code finished <id>}, until it gets a signal.
 */
public final class SignalledWorkerMain {
    private SignalledWorkerMain() {}

    public static void main(String[] args) {
        JobQueue queue = JobQueue.connect(args[0]);
        Worker worker = Worker.builder(queue)
                .registerWorker("slow", job -> {
                    System.out.println("started " + job.id());
                    Thread.sleep(1_500);
                    System.out.println("finished " + job.id());
                })
                .concurrency(1)
                .batchSize(5)
                .shutdownTimeout(Duration.ofSeconds(20))
                .build();
        worker.installShutdownHook();
        worker.run();
        queue.close();
    }
}
