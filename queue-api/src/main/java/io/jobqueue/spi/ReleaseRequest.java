package io.jobqueue.spi;

import java.time.Duration;

/** Give a reserved job back: READY at {@code priority}, or DELAYED for {@code delay}. */
public record ReleaseRequest(JobRef job, long priority, Duration delay) {}
