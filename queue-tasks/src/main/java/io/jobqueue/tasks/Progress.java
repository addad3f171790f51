package io.jobqueue.tasks;

/**
 * Counts of the child tasks fanned out by a stage, or by all stages of a task. A cancelled child counts as
 * failed: it did not complete.
 *
 * @param total children created
 * @param completed children that completed
 * @param failed children that failed or were cancelled
 */
public record Progress(long total, long completed, long failed) {
    public static final Progress NONE = new Progress(0, 0, 0);

    /** Children that have completed, failed or been cancelled. */
    public long finished() {
        return completed + failed;
    }

    /** Children still queued or running. */
    public long pending() {
        return total - finished();
    }
}
