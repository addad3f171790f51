package io.jobqueue.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code work --concurrency}: a number for a fixed pool, {@code MIN..MAX} for one that sizes itself. */
class ConcurrencyTest {
    @Test
    void a_number_is_a_fixed_pool() {
        assertEquals(new Concurrency(8, 8), Concurrency.parse("8"));
    }

    @Test
    void a_range_is_a_pool_between_its_bounds() {
        assertEquals(new Concurrency(5, 50), Concurrency.parse("5..50"));
        assertEquals("5..50", Concurrency.parse(" 5 .. 50 ").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "50..5", "5..", "..5", "five", "1..10001", "-3..4"})
    void anything_else_is_refused_with_the_option_named(String text) {
        UsageException e = assertThrows(UsageException.class, () -> Concurrency.parse(text));
        assertTrue(e.getMessage().contains("--concurrency"), e.getMessage());
    }
}
