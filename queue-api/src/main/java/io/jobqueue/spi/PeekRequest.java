package io.jobqueue.spi;

/** Read one job by id, in any state, without reserving it. */
public record PeekRequest(long id) {}
