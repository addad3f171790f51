package io.jobqueue.spi;

/** Make one buried or delayed job READY. */
public record KickJobRequest(long id) {}
