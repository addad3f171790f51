package io.jobqueue.spi;

/** Put a reserved job aside at {@code priority}, recording {@code reason} (may be null) where supported. */
public record BuryRequest(JobRef job, long priority, String reason) {}
