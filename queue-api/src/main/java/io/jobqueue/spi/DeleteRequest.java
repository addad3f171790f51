package io.jobqueue.spi;

import java.util.List;

/** Delete jobs in any state; a reserved job only by the holder of its current reservation. */
public record DeleteRequest(List<JobRef> jobs) {
    public DeleteRequest {
        jobs = List.copyOf(jobs);
    }
}
