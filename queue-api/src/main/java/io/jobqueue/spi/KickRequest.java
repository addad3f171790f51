package io.jobqueue.spi;

/** Make up to {@code max} jobs of a pipeline READY: its buried jobs, or if it has none, its delayed jobs. */
public record KickRequest(String pipeline, int max) {}
