package io.jobqueue.spi;

/** A pipeline's limits. */
public record LimitsStateRequest(String pipeline) {}
