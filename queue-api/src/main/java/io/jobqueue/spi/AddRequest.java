package io.jobqueue.spi;

import java.sql.Connection;
import java.util.List;

/**
 * Add jobs to one pipeline, all or none.
 *
 * @param transaction the caller's own JDBC connection to add through, so the jobs appear only when the caller
 *     commits; null to add on the backend's own connection. Only backends with
 *     {@link io.jobqueue.Capability#TRANSACTIONAL_ADD} accept one.
 */
public record AddRequest(String pipeline, List<NewJob> jobs, Connection transaction) {
    public AddRequest {
        jobs = List.copyOf(jobs);
    }

    public AddRequest(String pipeline, List<NewJob> jobs) {
        this(pipeline, jobs, null);
    }
}
