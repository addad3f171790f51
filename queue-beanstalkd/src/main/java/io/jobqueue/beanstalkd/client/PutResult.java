package io.jobqueue.beanstalkd.client;

/**
 * The reply to {@code put}: {@code INSERTED <id>} or {@code BURIED <id>}.
 *
 * @param id     the id of the new job
 * @param buried true if the server created the job but buried it because it ran out of memory growing its
 *               priority queue; the job exists and can be kicked
 */
public record PutResult(long id, boolean buried) {
}
