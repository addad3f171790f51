package io.jobqueue.spi;

/** Whether a pipeline is paused. */
public record PauseStateRequest(String pipeline) {}
