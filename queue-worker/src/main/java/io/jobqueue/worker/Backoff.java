package io.jobqueue.worker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: attempt {@code n} waits {@code initial * 2^(n-1)}, capped at {@code max},
 * less a random share of up to {@value #JITTER} of it. The jitter only shortens a delay, so delays still grow
 * from one attempt to the next while workers that failed together spread out.
 */
final class Backoff {
    /** The largest share of a delay the jitter takes off. */
    static final double JITTER = 0.2;

    private final long initialNanos;
    private final long maxNanos;
    private final DoubleSupplier random;

    Backoff(Duration initial, Duration max) {
        this(initial, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random values in [0, 1) */
    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The delay after failed attempt {@code attempt} (1 for the first). */
    Duration delay(int attempt) {
        double base = Math.min((double) maxNanos, initialNanos * Math.pow(2, Math.max(0, attempt - 1)));
        return Duration.ofNanos((long) (base * (1 - JITTER * random.getAsDouble())));
    }

    Duration max() {
        return Duration.ofNanos(maxNanos);
    }
}
