package io.jobqueue.worker;

import java.time.Duration;

/**
 * What the runtime reports as it happens, for an observer such as the metrics binder: how long reserves,
 * handlers and waits took. Counts are kept in {@link Counters} instead, so they are exact from the start. Calls
 * come from the runtime's threads and must return quickly.
 */
interface Timings {
    Timings NONE = new Timings() { };

    /** A reserve round trip that returned {@code jobs} jobs took {@code nanos}. */
    default void reserved(long nanos, int jobs) { }

    /** A handler ran a job of {@code pipeline} for {@code nanos}, and returned normally or threw. */
    default void handled(String pipeline, long nanos, boolean succeeded) { }

    /** A job of {@code pipeline} on its first attempt started {@code wait} after it was added. */
    default void waited(String pipeline, Duration wait) { }
}
