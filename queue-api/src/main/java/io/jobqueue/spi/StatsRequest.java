package io.jobqueue.spi;

/** Counts per state of one pipeline. */
public record StatsRequest(String pipeline) {}
