package io.jobqueue.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void delay_doubles_per_attempt_up_to_the_maximum() {
        Backoff noJitter = new Backoff(SECOND, MINUTE, () -> 0.0);
        assertEquals(Duration.ofSeconds(1), noJitter.delay(1));
        assertEquals(Duration.ofSeconds(2), noJitter.delay(2));
        assertEquals(Duration.ofSeconds(4), noJitter.delay(3));
        assertEquals(Duration.ofSeconds(32), noJitter.delay(6));
        assertEquals(MINUTE, noJitter.delay(7));
        assertEquals(MINUTE, noJitter.delay(Integer.MAX_VALUE));
    }

    @Test
    void jitter_takes_off_at_most_a_fifth() {
        Backoff mostJitter = new Backoff(SECOND, MINUTE, () -> 0.999_999);
        Duration shortest = mostJitter.delay(1);
        assertTrue(shortest.compareTo(Duration.ofMillis(800)) >= 0 && shortest.compareTo(SECOND) < 0, "" + shortest);
        assertTrue(mostJitter.delay(2).compareTo(Duration.ofMillis(1600)) >= 0);
    }

    @Test
    void jittered_delays_still_grow_from_one_attempt_to_the_next() {
        Backoff random = new Backoff(Duration.ofMillis(100), MINUTE);
        for (int run = 0; run < 1000; run++) {
            for (int attempt = 1; attempt < 8; attempt++) {
                assertTrue(random.delay(attempt).compareTo(random.delay(attempt + 1)) < 0);
            }
        }
    }
}
