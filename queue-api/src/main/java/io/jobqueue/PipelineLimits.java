package io.jobqueue;

/**
 * How many jobs of one pipeline may run at once, and how many may start per second, counted across every process
 * sharing the queue and enforced by the backend when it reserves ({@link JobQueue#setLimits}). Zero means no
 * limit. A reserved job counts as running until it is deleted, released, buried, or its TTR expires; a start is
 * a reserve (a released job starts again when it is reserved again). The rate is a token bucket: up to
 * {@code maxStartedPerSecond} tokens, refilled continuously, so a burst after an idle second starts at most that
 * many at once.
 *
 * @param maxRunning the most jobs of the pipeline reserved at once, 0 for no limit
 * @param maxStartedPerSecond the most reserves of the pipeline's jobs per second, 0 for no limit
 */
public record PipelineLimits(int maxRunning, int maxStartedPerSecond) {
    /** The largest value either limit takes. */
    public static final int MAX = 1_000_000;
    public static final PipelineLimits NONE = new PipelineLimits(0, 0);

    /** @throws InvalidInputException for a negative value or one above {@value #MAX} */
    public PipelineLimits {
        if (maxRunning < 0 || maxRunning > MAX) {
            throw new InvalidInputException("maxRunning must be between 0 (no limit) and " + MAX + ", got "
                    + maxRunning);
        }
        if (maxStartedPerSecond < 0 || maxStartedPerSecond > MAX) {
            throw new InvalidInputException("maxStartedPerSecond must be between 0 (no limit) and " + MAX + ", got "
                    + maxStartedPerSecond);
        }
    }

    /** At most {@code jobs} running at once, no rate limit. */
    public static PipelineLimits maxRunning(int jobs) {
        return new PipelineLimits(jobs, 0);
    }

    /** At most {@code jobs} started per second, no limit on how many run at once. */
    public static PipelineLimits maxStartedPerSecond(int jobs) {
        return new PipelineLimits(0, jobs);
    }

    /** These limits with at most {@code jobs} running at once. */
    public PipelineLimits withMaxRunning(int jobs) {
        return new PipelineLimits(jobs, maxStartedPerSecond);
    }

    /** These limits with at most {@code jobs} started per second. */
    public PipelineLimits withMaxStartedPerSecond(int jobs) {
        return new PipelineLimits(maxRunning, jobs);
    }

    /** True when neither limit is set. */
    public boolean isNone() {
        return maxRunning == 0 && maxStartedPerSecond == 0;
    }
}
