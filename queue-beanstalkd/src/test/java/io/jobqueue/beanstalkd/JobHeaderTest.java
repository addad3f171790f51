package io.jobqueue.beanstalkd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JobHeaderTest {
    private static final Instant ADDED = Instant.parse("2026-01-02T03:04:05.678Z");

    @Test
    void a_header_gives_back_ttr_time_added_and_payload() {
        byte[] payload = {0, '\r', '\n', (byte) 0xFE, 'j', 'q', 1};
        JobHeader.Read read = JobHeader.read(JobHeader.prepend(0xFFFF_FFFFL, ADDED, payload)).orElseThrow();
        assertEquals(0xFFFF_FFFFL, read.ttrSeconds());
        assertEquals(ADDED, read.createdAt());
        assertArrayEquals(payload, read.payload());
    }

    @Test
    void a_ttr_of_zero_is_written_as_one_second_as_beanstalkd_makes_it() {
        assertEquals(1, JobHeader.read(JobHeader.prepend(0, ADDED, new byte[0])).orElseThrow().ttrSeconds());
    }

    @Test
    void text_and_short_bodies_are_all_payload() {
        for (String body : new String[] {"", "{\"job\":\"noop\"}", "x".repeat(40)}) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            assertTrue(JobHeader.read(bytes).isEmpty(), body);
            assertArrayEquals(bytes, JobHeader.payload(bytes));
        }
        byte[] shortened = Arrays.copyOf(JobHeader.prepend(60, ADDED, new byte[0]), JobHeader.BYTES - 1);
        assertTrue(JobHeader.read(shortened).isEmpty());
    }

    @Test
    void a_body_with_the_magic_but_a_wrong_checksum_or_version_is_all_payload() {
        byte[] body = JobHeader.prepend(60, ADDED, "p".getBytes(StandardCharsets.US_ASCII));
        for (int at : new int[] {3, 5, 10, 17}) {
            byte[] changed = body.clone();
            changed[at] ^= 1;
            assertTrue(JobHeader.read(changed).isEmpty(), "byte " + at + " changed");
            assertArrayEquals(changed, JobHeader.payload(changed));
        }
    }
}
