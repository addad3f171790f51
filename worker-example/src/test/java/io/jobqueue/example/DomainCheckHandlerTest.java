package io.jobqueue.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Job;
import io.jobqueue.JobState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainCheckHandlerTest {

    @Test
    void localhost_is_available_and_an_invalid_tld_is_unavailable_without_failing() throws Exception {
        Path results = TestFiles.freshDir("domains").resolve("results.txt");
        try (LineFile file = new LineFile(results)) {
            DomainCheckHandler handler = new DomainCheckHandler(file, Duration.ofSeconds(2));

            handler.handle(job(1, "localhost"));
            handler.handle(job(2, "no-such-host.invalid"));

            List<String> lines = Files.readAllLines(results, StandardCharsets.UTF_8);
            assertEquals(2, lines.size());
            assertTrue(lines.get(0).startsWith("localhost\tavailable\t"), lines.get(0));
            assertTrue(lines.get(1).startsWith("no-such-host.invalid\tunavailable\t"), lines.get(1));
            assertEquals(1, handler.availableCount());
            assertEquals(1, handler.unavailableCount());
        }
    }

    @Test
    void a_payload_that_is_not_a_domain_name_throws() throws Exception {
        try (LineFile file = new LineFile(TestFiles.freshDir("domains-bad").resolve("results.txt"))) {
            DomainCheckHandler handler = new DomainCheckHandler(file, Duration.ofSeconds(1));
            for (String bad : new String[] {"", "not_a_valid..domain", "-leading.example", "a b.example", "http://"}) {
                assertThrows(DomainNames.InvalidDomainException.class, () -> handler.handle(job(3, bad)), bad);
            }
        }
    }

    @Test
    void names_and_urls_are_normalized_to_their_host() {
        assertEquals("example.com", DomainNames.normalize("  Example.COM. "));
        assertEquals("www.eclipse.org", DomainNames.normalize("https://www.eclipse.org/downloads/"));
        assertEquals("jetbrains.com", DomainNames.normalize("http://jetbrains.com:8080/idea"));
        assertEquals("xn--bcher-kva.example", DomainNames.normalize("bücher.example"));
    }

    private static Job job(long id, String payload) {
        return new Job(id, "domains", payload.getBytes(StandardCharsets.UTF_8), 1024, Duration.ofSeconds(60),
                JobState.RESERVED, 1, Instant.now(), 1, null);
    }
}
