package io.jobqueue.spi;

import io.jobqueue.PipelineLimits;

/** Set a pipeline's limits ({@link PipelineLimits#NONE} lifts them); reserves in every process follow at once. */
public record LimitsRequest(String pipeline, PipelineLimits limits) {}
