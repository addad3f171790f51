package io.jobqueue.tasks;

/**
 * The work of one stage of a task. Return a result (any value Jackson can write, or null) and the stage is
 * done; throw and the worker runtime retries the stage with backoff, then fails the task after its last
 * attempt. Delivery is at least once: a stage may run again after a crash, so a handler must tolerate a
 * repeat, and must fan out the same children in the same order on every attempt (see
 * {@link TaskContext#fanOut}).
 */
@FunctionalInterface
public interface TaskHandler {
    Object handle(TaskContext context) throws Exception;
}
