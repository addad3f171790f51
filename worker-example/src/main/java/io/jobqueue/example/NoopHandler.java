package io.jobqueue.example;

import io.jobqueue.Job;
import io.jobqueue.worker.JobHandler;
import java.io.IOException;
import java.time.Duration;

/**
 * Does nothing, after an optional delay (to hold jobs like real work does), and optionally records each job
 * it handled as a line {@code <jobId> <reserves> <worker>} in a file, for load and failover tests.
 */
final class NoopHandler implements JobHandler {
    private final Duration delay;
    private final LineFile record;
    private final String workerName;

    NoopHandler(Duration delay, LineFile record, String workerName) {
        this.delay = delay;
        this.record = record;
        this.workerName = workerName;
    }

    @Override
    public void handle(Job job) throws IOException, InterruptedException {
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis());
        }
        if (record != null) {
            record.append(job.id() + " " + job.reserves() + " " + workerName);
        }
    }
}
