package io.jobqueue.rabbitmq;

import io.jobqueue.JobQueue;
import io.jobqueue.worker.Worker;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.time.Duration;

/**
 * A worker process for {@link RabbitMqClusterFailoverTest}: the worker runtime on pipeline {@code args[1]} of
 * the queue at {@code args[0]}, {@code args[2]} jobs at once, printing {@value #HANDLED}&lt;id&gt; as each
 * handler runs (flushed at once, so the test can count while it drains), until a signal stops it gracefully.
 */
public final class FailoverWorkerMain {
    static final String HANDLED = "handled ";
    static final int BATCH = 16;
    static final int RESERVE_THREADS = 3;

    private FailoverWorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        JobQueue queue = JobQueue.connect(args[0]);
        Worker worker = Worker.builder(queue)
                .registerWorker(args[1], job -> out.println(HANDLED + job.id()))
                .concurrency(Integer.parseInt(args[2]))
                .batchSize(BATCH)
                // Each basic.get on a quorum queue is a Raft command the cluster commits before it answers:
                // several reserve loops keep several in flight.
                .reserveThreads(RESERVE_THREADS)
                .shutdownTimeout(Duration.ofSeconds(20))
                .build();
        worker.installShutdownHook();
        worker.start();
        out.println("started");
        worker.awaitTermination(Duration.ofDays(1));
    }
}
