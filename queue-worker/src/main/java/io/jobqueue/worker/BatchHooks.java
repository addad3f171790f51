package io.jobqueue.worker;

import io.jobqueue.Job;
import java.util.List;

/**
 * Calls a {@link JobHandler} may also implement, to do work for a whole batch of its jobs at once instead of
 * once per job: the runtime reserves and deletes jobs in batches, and these hooks run at those two points. A
 * handler that implements this interface gets the calls for the jobs of every pipeline it is registered for;
 * one handler object registered for several pipelines gets one call per batch with all of its jobs.
 *
 * <h2>The contract</h2>
 * <ul>
 *   <li>{@link #prepare} is called once per reserved batch, on a reserve thread, after the reserve and before
 *       any handler thread sees the jobs; not when the worker is stopping by the time the reserve returns. If it
 *       throws, the failure is logged and the jobs are handed to the handler threads all the same: {@code
 *       handle} must work for a job that {@code prepare} did not prepare.</li>
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
 * The calls come from several threads at once (reserve threads, handler threads, the acknowledger): an
 * implementation must be thread-safe. They hold up reserving and deleting while they run, so keep them short;
 * the reservations of a batch being prepared are not touched until {@code prepare} returns.
 */
public interface BatchHooks {
    /** A batch of this handler's jobs was reserved and is about to go to the handler threads. */
    default void prepare(List<Job> jobs) throws Exception {}

    /** These jobs' handlers returned normally, and the jobs are about to be deleted; throw to delay the delete. */
    default void beforeDelete(List<Job> jobs) throws Exception {}

    /** The worker let go of this job without deleting it (see the class comment); must not throw. */
    default void dropped(Job job) {}
}
