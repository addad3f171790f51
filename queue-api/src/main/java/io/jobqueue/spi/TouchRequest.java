package io.jobqueue.spi;

/** Renew a reservation for another TTR. */
public record TouchRequest(JobRef job) {}
