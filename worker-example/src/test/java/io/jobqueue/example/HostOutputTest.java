package io.jobqueue.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobqueue.example.DomainLookup.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What bind9-host prints, as captured from it, read into outcomes. */
class HostOutputTest {

    @Test
    void addresses_mean_available_and_every_address_is_kept_once() {
        DomainLookup lookup = parse(0, """
                example.com has address 93.184.215.14
                example.com has IPv6 address 2606:2800:21f:cb07:6820:80da:af6b:8b2c
                example.com mail is handled by 0 .
                """, "");

        assertEquals(Outcome.AVAILABLE, lookup.outcome());
        assertEquals(List.of("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"), lookup.addresses());
        assertEquals("example.com", lookup.domain());
    }

    @Test
    void an_alias_with_an_address_is_available_even_when_another_query_failed() {
        DomainLookup lookup = parse(1, """
                www.example.org is an alias for example.org.
                example.org has address 192.0.2.10
                Host example.org not found: 2(SERVFAIL)
                """, "");

        assertEquals(Outcome.AVAILABLE, lookup.outcome());
        assertEquals(List.of("192.0.2.10"), lookup.addresses());
    }

    @Test
    void nxdomain_means_unavailable() {
        DomainLookup lookup = parse(1, "Host nx.example not found: 3(NXDOMAIN)\n", "");

        assertEquals(Outcome.UNAVAILABLE, lookup.outcome());
        assertEquals("does not exist (NXDOMAIN)", lookup.detail());
    }

    @Test
    void an_answer_without_addresses_is_unavailable() {
        DomainLookup lookup = parse(0, "mail-only.example mail is handled by 10 mx.example.\n", "");

        assertEquals(Outcome.UNAVAILABLE, lookup.outcome());
        assertEquals("no address records", lookup.detail());
    }

    @Test
    void a_failing_resolver_is_a_failed_lookup_not_an_answer() {
        assertEquals(new DomainLookup("example.com", Outcome.LOOKUP_FAILED, List.of(), "resolver answered SERVFAIL", 12),
                parse(1, "Host example.com not found: 2(SERVFAIL)\n", ""));
        assertEquals("resolver answered REFUSED", parse(1, "Host example.com not found: 5(REFUSED)\n", "").detail());
        DomainLookup unreachable = parse(1, ";; connection timed out; no servers could be reached\n", "");
        assertEquals(Outcome.LOOKUP_FAILED, unreachable.outcome());
        assertEquals("no DNS server could be reached", unreachable.detail());
    }

    @Test
    void a_timeout_is_a_failed_lookup() {
        CommandResult killed = new CommandResult(List.of("host", "slow.example"), 137, true, "", "", false, false,
                Duration.ofMillis(2001));

        DomainLookup lookup = HostOutput.parse("slow.example", killed);

        assertEquals(Outcome.LOOKUP_FAILED, lookup.outcome());
        assertEquals("no answer within 2001 ms", lookup.detail());
    }

    @Test
    void output_the_parser_does_not_know_is_a_failed_lookup_quoting_it() {
        DomainLookup lookup = parse(1, "", "host: couldn't get address for 'ns.invalid': not found\n");

        assertEquals(Outcome.LOOKUP_FAILED, lookup.outcome());
        assertEquals("exit 1: host: couldn't get address for 'ns.invalid': not found", lookup.detail());
    }

    private static DomainLookup parse(int exitCode, String stdout, String stderr) {
        return HostOutput.parse("example.com", new CommandResult(List.of("host", "example.com"), exitCode, false,
                stdout, stderr, false, false, Duration.ofMillis(12)));
    }
}
