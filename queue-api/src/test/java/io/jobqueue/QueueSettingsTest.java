package io.jobqueue;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueSettingsTest {

    @Test
    void settings_are_checked_when_built() {
        assertThrows(InvalidInputException.class, () -> QueueSettings.builder().maxPayloadBytes(0).build());
        assertThrows(InvalidInputException.class, () -> QueueSettings.builder().pollInterval(Duration.ZERO).build());
        assertEquals(QueueSettings.DEFAULT_MAX_PAYLOAD_BYTES, QueueSettings.defaults().maxPayloadBytes());
    }

    @Test
    void connect_and_call_timeouts_default_to_seconds_and_refuse_zero_or_forever() {
        QueueSettings defaults = QueueSettings.defaults();
        assertEquals(Duration.ofSeconds(5), defaults.connectTimeout());
        assertEquals(Duration.ofSeconds(10), defaults.callTimeout());
        for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofMillis(249), Duration.ofHours(2)}) {
            InvalidInputException connect = assertThrows(InvalidInputException.class,
                    () -> QueueSettings.builder().connectTimeout(bad).build());
            assertTrue(connect.getMessage().startsWith("connectTimeout must be between 250 ms and 1 h"),
                    connect.getMessage());
            assertThrows(InvalidInputException.class, () -> QueueSettings.builder().callTimeout(bad).build());
        }
        QueueSettings set = QueueSettings.builder().connectTimeout(Duration.ofSeconds(2))
                .callTimeout(Duration.ofSeconds(3)).build();
        assertEquals(set, set.toBuilder().build(), "toBuilder keeps the timeouts");
    }

    @Test
    void a_mistyped_option_is_refused_naming_it_and_the_known_ones() {
        QueueSettings settings = QueueSettings.builder().option("tabel", "jobs").option("poolSize", "4").build();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> settings.requireKnownOptions("test", Set.of("table", "poolSize")));
        assertTrue(e.getMessage().contains("unknown option tabel"), e.getMessage());
        assertTrue(e.getMessage().contains("known options: poolSize, table"), e.getMessage());
        assertDoesNotThrow(() -> settings.requireKnownOptions("test", Set.of("tabel", "poolSize")));
    }

    @Test
    void an_integer_option_is_parsed_within_its_bounds_or_refused_by_name() {
        QueueSettings settings = QueueSettings.builder().option("size", " 12 ").option("bad", "twelve")
                .option("low", "0").build();
        assertEquals(12, settings.intOption("size", 5, 1, 100));
        assertEquals(5, settings.intOption("unset", 5, 1, 100), "the fallback when the option is not set");
        InvalidInputException bad = assertThrows(InvalidInputException.class, () -> settings.intOption("bad", 5, 1, 100));
        assertTrue(bad.getMessage().contains("option bad must be a whole number between 1 and 100, got 'twelve'"),
                bad.getMessage());
        assertThrows(InvalidInputException.class, () -> settings.intOption("low", 5, 1, 100));
    }
}
