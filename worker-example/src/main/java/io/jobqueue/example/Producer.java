package io.jobqueue.example;

import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Adds jobs to one pipeline in batches, each batch in one {@code addJobs} call. */
final class Producer {
    static final int DEFAULT_BATCH_SIZE = 500;
    private static final Logger log = LoggerFactory.getLogger(Producer.class);

    private final JobQueue pipeline;
    private final JobOptions options;
    private final int batchSize;

    Producer(JobQueue queue, String pipeline, JobOptions options, int batchSize) {
        this.pipeline = queue.selectPipeline(pipeline);
        this.options = options;
        this.batchSize = batchSize;
    }

    /** Adds one job per payload, in order; returns the ids. */
    List<Long> addAll(List<?> payloads) {
        List<Long> ids = new ArrayList<>(payloads.size());
        for (int from = 0; from < payloads.size(); from += batchSize) {
            List<?> batch = payloads.subList(from, Math.min(payloads.size(), from + batchSize));
            ids.addAll(pipeline.addJobs(batch, options));
            log.debug("added {} of {} jobs to {}", ids.size(), payloads.size(), pipeline.selectedPipeline());
        }
        return ids;
    }

    /** Adds {@code count} jobs made by {@code payload} from their index (0-based). */
    List<Long> addGenerated(int count, IntFunction<Object> payload) {
        List<Long> ids = new ArrayList<>(count);
        List<Object> batch = new ArrayList<>(batchSize);
        for (int i = 0; i < count; i++) {
            batch.add(payload.apply(i));
            if (batch.size() == batchSize || i == count - 1) {
                ids.addAll(pipeline.addJobs(batch, options));
                batch.clear();
            }
        }
        return ids;
    }
}
