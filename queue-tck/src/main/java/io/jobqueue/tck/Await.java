package io.jobqueue.tck;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on a condition, and fails the test when the condition does not hold by the deadline. */
public final class Await {
    /** Generous: a wait that takes this long means the behaviour is broken, not slow. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 10;

    private Await() {}

    /** Waits up to {@link #PATIENCE} until {@code condition} holds. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, PATIENCE, condition);
    }

    /** Waits up to {@code patience} until {@code condition} holds; fails naming {@code what} otherwise. */
    public static void until(String what, Duration patience, BooleanSupplier condition) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + patience + " waiting until " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting until " + what);
            }
        }
    }
}
