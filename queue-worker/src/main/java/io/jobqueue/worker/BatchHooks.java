package io.jobqueue.worker;

import io.jobqueue.Job;
import java.util.List;

/**
 * Calls a {@link JobHandler} may also implement, to do work for a whole batch of its jobs at once instead of
 * once per job: the runtime deletes jobs in batches, and {@link #beforeDelete} runs before each. A handler that
 * implements this interface gets the calls for the jobs of every pipeline it is registered for; one handler
 * object registered for several pipelines gets one call per batch with all of its jobs.
 *
 * <h2>The contract</h2>
 * <ul>
 *   <li>{@link #beforeDelete} is called on the acknowledger thread with jobs whose handlers returned normally,
 *       before the one delete that acknowledges them; a job is deleted only after a call that included it has
 *       returned. If it throws, the runtime treats the batch as a failed delete: it tries the whole batch again
 *       with backoff (calling {@code beforeDelete} again with the same jobs), so it must be idempotent.</li>
 *   <li>{@link #dropped} is called once for a job the worker lets go of without deleting it: its handler threw
 *       (before the job is released or buried), shutdown gave it back before its handler started, shutdown took
 *       it from a handler past the deadline (once that handler has returned), or the last deletes at shutdown
 *       were given up. So every job ends either deleted after {@code beforeDelete} or in one call of {@code
 *       dropped}; state a handler keeps per job can be cleared there. A job handed back to the queue may be
 *       reserved again (with the same id) only after {@code dropped} returned.</li>
 * </ul>
 * The calls come from several threads at once (handler threads, the acknowledger, the shutdown): an
 * implementation must be thread-safe. {@code beforeDelete} holds up deleting while it runs, so keep it short.
 */
public interface BatchHooks {
    /** These jobs' handlers returned normally, and the jobs are about to be deleted; throw to delay the delete. */
    default void beforeDelete(List<Job> jobs) throws Exception {}

    /** The worker let go of this job without deleting it (see the class comment); must not throw. */
    default void dropped(Job job) {}
}
