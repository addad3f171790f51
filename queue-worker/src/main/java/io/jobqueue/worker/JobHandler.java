package io.jobqueue.worker;

import io.jobqueue.Job;

/**
 * Does the work of one job. Return normally and the runtime deletes the job; throw and it is released to run
 * again after a backoff, or buried once it has used up its attempts.
 *
 * <p>A handler runs on one of the worker's handler threads, with {@code jobId} and {@code pipeline} in the
 * SLF4J MDC. The runtime keeps the reservation alive while it runs. At shutdown a handler still running after
 * the deadline is interrupted and its job released, so a long handler should respond to interruption. Delivery
 * is at least once: a handler must tolerate a rare repeat of a job. A handler that also implements {@link
 * BatchHooks} can do part of its work once per reserved or deleted batch.
 */
@FunctionalInterface
public interface JobHandler {
    void handle(Job job) throws Exception;
}
