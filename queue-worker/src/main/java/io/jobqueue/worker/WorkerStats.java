package io.jobqueue.worker;

/**
 * Counts of one worker since it started, and its handler pool now.
 *
 * @param reserved jobs reserved
 * @param succeeded jobs whose handler returned normally (their deletes are batched)
 * @param retried jobs released to run again after their handler threw
 * @param buried jobs buried after their last allowed attempt
 * @param inFlight jobs held right now: running, or reserved and waiting for a handler thread
 * @param reconnects backend calls that failed and were retried after a backoff
 * @param failed jobs whose handler threw (each then retried, buried, or left to its TTR if the backend failed)
 * @param handlers handler threads now
 * @param busyHandlers handler threads running a job now
 */
public record WorkerStats(long reserved, long succeeded, long retried, long buried, long inFlight, long reconnects,
        long failed, int handlers, int busyHandlers) {

    /** The counts as a small JSON object, as the health endpoint serves them. */
    public String toJson() {
        return "{\"reserved\":" + reserved + ",\"succeeded\":" + succeeded + ",\"failed\":" + failed
                + ",\"retried\":" + retried + ",\"buried\":" + buried + ",\"inFlight\":" + inFlight
                + ",\"reconnects\":" + reconnects + ",\"handlers\":" + handlers + ",\"busyHandlers\":" + busyHandlers
                + "}";
    }
}
