package io.jobqueue.spi;

import io.jobqueue.JobState;

/**
 * Read, without reserving, the next job of a pipeline in {@code state}: for READY the one a reserve would
 * take, for DELAYED the one that becomes ready first, for BURIED the one buried first.
 */
public record PeekStateRequest(String pipeline, JobState state) {
    public PeekStateRequest {
        if (state == JobState.RESERVED) {
            throw reservedIsNotPeekable();
        }
    }

    /** The one refusal of {@link JobState#RESERVED}, for backends whose switch over the states must name it. */
    public static IllegalArgumentException reservedIsNotPeekable() {
        return new IllegalArgumentException("reserved jobs cannot be peeked by state");
    }
}
