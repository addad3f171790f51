package io.jobqueue;

/** Counts of one pipeline's jobs per state, read at one moment. */
public record PipelineStats(String pipeline, long ready, long delayed, long reserved, long buried) {

    /** All jobs in the pipeline, whatever their state. */
    public long total() {
        return ready + delayed + reserved + buried;
    }

    public long count(JobState state) {
        return switch (state) {
            case READY -> ready;
            case DELAYED -> delayed;
            case RESERVED -> reserved;
            case BURIED -> buried;
        };
    }
}
