package io.jobqueue.example;

import java.time.Duration;
import java.util.List;

/**
 * The result of checking one domain: available when its name resolved within the time allowed.
 *
 * @param domain the host name checked
 * @param available whether it resolved
 * @param addresses the addresses it resolved to (empty when unavailable)
 * @param detail why it is unavailable, or empty
 * @param took how long the check took
 */
record DomainCheck(String domain, boolean available, List<String> addresses, String detail, Duration took) {

    /** One tab-separated line: domain, available|unavailable, addresses or reason, milliseconds. */
    String toLine() {
        return domain + "\t" + (available ? "available" : "unavailable") + "\t"
                + (available ? String.join(",", addresses) : detail) + "\t" + took.toMillis() + "ms";
    }
}
