package io.jobqueue.spi;

import java.time.Duration;

/** One job to add, already checked by the facade: payload within the limit, priority and delay in range. */
public record NewJob(byte[] payload, long priority, Duration delay, Duration ttr) {}
