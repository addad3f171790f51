package io.jobqueue.spi;

/** Pause ({@code paused} true) or resume a pipeline: reserves in every process skip a paused pipeline's jobs. */
public record PauseRequest(String pipeline, boolean paused) {}
