/**
 * The worker runtime: run handlers for the jobs of one or more pipelines, the way production needs it. It
 * works on any backend through the public {@link io.jobqueue.JobQueue} facade only.
 *
 * <p>{@link io.jobqueue.worker.Worker} is the entry point; {@link io.jobqueue.worker.JobHandler} is what users
 * write. Inside, one class per concept:
 *
 * <ul>
 *   <li>{@code Dispatcher}: {@code reserveThreads} threads (one by default) reserving batches whenever
 *       there is room for one;</li>
 *   <li>{@code Reservations}: the jobs held, and the room
 *       ({@code handlers + (reserveThreads + 1) * batch}, following the pool's size) to hold more;</li>
 *   <li>{@code HandlerPool} and {@code JobRunner}: the threads running handlers and settling each job
 *       (delete, release with {@code Backoff}, or bury); {@code PoolSizer} decides how many, between the
 *       bounds of {@code concurrency(min, max)};</li>
 *   <li>{@code Acknowledger}: one thread deleting succeeded jobs in batches;</li>
 *   <li>{@code Toucher}: one thread renewing reservations at half their TTR;</li>
 *   <li>{@code Shutdown}: the graceful shutdown sequence;</li>
 *   <li>{@code Counters} and {@code PipelineCounts}: what happened, per pipeline; {@code Timings}: how long it
 *       took, for an observer; {@code QueueDepths}: jobs per state, sampled when something needs them;</li>
 *   <li>{@code HealthServer}: the optional {@code GET /health} endpoint.</li>
 * </ul>
 */
package io.jobqueue.worker;
