package io.jobqueue.rabbitmq;

import io.jobqueue.InvalidInputException;
import java.time.Duration;

/**
 * Delays without a plugin: a delay of {@code s} whole seconds (rounded up) is split into its binary digits,
 * and the job passes through one queue per digit that is 1, from the highest: level {@code k} is a queue whose
 * every message lives exactly 2^k seconds ({@code x-message-ttl}) and is then dead-lettered onwards. As all
 * messages of one queue have the same TTL, they expire in the order they entered: a job never waits behind a
 * later-due one, which per-message TTLs on one queue would cause (the broker expires only the head).
 *
 * <p>Routing is by headers: the job carries its digits ({@code jq-b0} … {@code jq-b22}) and its pipeline; level
 * exchange {@code k} sends it to the pipeline's level-{@code k} queue if digit {@code k} is 1, else straight to
 * level {@code k-1}; after level 0 the due exchange sends it to the pipeline's ready queue. Precision: whole
 * seconds, plus a few milliseconds per level passed. 23 levels cover delays up to 2^23-1 s (about 97 days);
 * the largest TTL, 2^22 s, stays under the broker's 2^32 ms timer limit.
 */
final class Delays {
    static final int LEVELS = 23;
    static final long MAX_SECONDS = (1L << LEVELS) - 1;

    private Delays() {}

    /** The delay in whole seconds, rounded up; refuses delays longer than the levels can hold. */
    static long seconds(Duration delay) {
        long seconds = delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
        if (seconds > MAX_SECONDS) {
            throw new InvalidInputException("delay " + delay + " is longer than the RabbitMQ backend's limit of "
                    + MAX_SECONDS + " s (about 97 days): delays pass through " + LEVELS + " TTL levels");
        }
        return seconds;
    }

    static long ttlMillis(int level) {
        return (1L << level) * 1000;
    }

    /** The highest level a delay of {@code seconds} passes through; where it is published. */
    static int firstLevel(long seconds) {
        return 63 - Long.numberOfLeadingZeros(seconds);
    }

    static boolean passes(long seconds, int level) {
        return (seconds & (1L << level)) != 0;
    }

    static String digitHeader(int level) {
        return "jq-b" + level;
    }
}
