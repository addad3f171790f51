package io.jobqueue.spi;

import io.jobqueue.JobState;
import java.util.Objects;

/**
 * List, without reserving, up to {@code limit} jobs of {@code pipeline} in {@code state} whose id is greater than
 * {@code afterId}, in id order: the page after the one that ended with {@code afterId} ({@code 0} for the first).
 * The facade has checked the pipeline name, {@code afterId >= 0} and {@code limit} from 1 to {@link
 * io.jobqueue.JobQueue#MAX_LIST_LIMIT}.
 */
public record ListJobsRequest(String pipeline, JobState state, long afterId, int limit) {
    public ListJobsRequest {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(state, "state");
    }
}
