package io.jobqueue.example;

import io.jobqueue.example.DomainLookup.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code host DOMAIN} (Debian's bind9-host) printed into a {@link DomainLookup}:
 *
 * <pre>
 * example.com has address 93.184.215.14              → available (every address kept)
 * example.com has IPv6 address 2606:2800:21f:cb07::1  → available
 * Host nx.example not found: 3(NXDOMAIN)              → unavailable
 * example.com has no A record  (exit 0, no address)   → unavailable: no address records
 * Host x.example not found: 2(SERVFAIL)               → lookup failed (also REFUSED and any other code)
 * ;; connection timed out; no servers could be reached → lookup failed
 * killed at the runner's timeout                      → lookup failed
 * </pre>
 *
 * Anything else is a failed lookup that quotes the first line of output: a resolver that says something this
 * parser does not know never makes a name look available or unavailable.
 */
final class HostOutput {
    private static final Pattern ADDRESS = Pattern.compile("^\\S+ has (?:IPv6 )?address (\\S+)\\s*$");
    private static final Pattern NOT_FOUND = Pattern.compile("not found: (\\d+)\\((\\w+)\\)");
    private static final String NO_SERVERS = "no servers could be reached";
    private static final int MAX_DETAIL = 200;

    private HostOutput() {}

    static DomainLookup parse(String domain, CommandResult run) {
        long tookMs = run.took().toMillis();
        if (run.timedOut()) {
            return failed(domain, "no answer within " + tookMs + " ms", tookMs);
        }
        String all = run.stdout() + "\n" + run.stderr();
        List<String> addresses = new ArrayList<>();
        for (String line : all.split("\\R")) {
            Matcher address = ADDRESS.matcher(line.strip());
            if (address.matches() && !addresses.contains(address.group(1))) {
                addresses.add(address.group(1));
            }
        }
        if (!addresses.isEmpty()) {
            // host exits 1 when one of its queries (A, AAAA, MX) failed: an address from another still counts.
            return new DomainLookup(domain, Outcome.AVAILABLE, addresses, "", tookMs);
        }
        Matcher notFound = NOT_FOUND.matcher(all);
        if (notFound.find()) {
            String code = notFound.group(2).toUpperCase(Locale.ROOT);
            return code.equals("NXDOMAIN")
                    ? new DomainLookup(domain, Outcome.UNAVAILABLE, List.of(), "does not exist (NXDOMAIN)", tookMs)
                    : failed(domain, "resolver answered " + code, tookMs);
        }
        if (all.contains(NO_SERVERS)) {
            return failed(domain, "no DNS server could be reached", tookMs);
        }
        if (run.exitCode() == 0) {
            return new DomainLookup(domain, Outcome.UNAVAILABLE, List.of(), "no address records", tookMs);
        }
        return failed(domain, "exit " + run.exitCode() + ": " + firstLine(all), tookMs);
    }

    private static DomainLookup failed(String domain, String detail, long tookMs) {
        return new DomainLookup(domain, Outcome.LOOKUP_FAILED, List.of(), detail, tookMs);
    }

    private static String firstLine(String text) {
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                String s = line.strip().replaceAll("\\p{Cntrl}", "?");
                return s.length() > MAX_DETAIL ? s.substring(0, MAX_DETAIL) + "..." : s;
            }
        }
        return "no output";
    }
}
