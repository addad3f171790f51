package io.jobqueue.worker;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Jobs finished per second over about the last minute, from samples of a running total: the rate between the
 * total now and the newest sample at least a minute old (or the oldest sample while the worker is younger than
 * a minute). Samples come from the depth sampler's thread, reads from the stats endpoint's.
 */
final class RecentRate {
    static final long WINDOW_NANOS = 60_000_000_000L;

    private record Sample(long nanos, long total) {}

    private final Deque<Sample> samples = new ArrayDeque<>();

    RecentRate(long startNanos) {
        samples.add(new Sample(startNanos, 0));
    }

    synchronized void sample(long nanos, long total) {
        samples.addLast(new Sample(nanos, total));
        // Keep one sample at least a window old as the base; drop older ones.
        while (samples.size() > 2) {
            Sample second = samples.stream().skip(1).findFirst().orElseThrow();
            if (nanos - second.nanos() < WINDOW_NANOS) {
                break;
            }
            samples.removeFirst();
        }
    }

    /** Per second between the base sample and {@code total} at {@code nanos}; 0 before any time has passed. */
    synchronized double perSecond(long nanos, long total) {
        Sample base = samples.peekFirst();
        long elapsed = nanos - base.nanos();
        return elapsed <= 0 ? 0 : (total - base.total()) * 1e9 / elapsed;
    }
}
