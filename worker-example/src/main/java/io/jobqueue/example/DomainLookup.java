package io.jobqueue.example;

import java.util.List;

/**
 * What a resolver said about one domain: the result of one {@code domain-lookup} child task.
 *
 * @param domain the name looked up
 * @param outcome available, unavailable, or lookup failed
 * @param addresses the addresses it resolved to (empty unless available)
 * @param detail why it is unavailable or the lookup failed, or empty
 * @param tookMs how long the lookup took
 */
record DomainLookup(String domain, Outcome outcome, List<String> addresses, String detail, long tookMs) {

    DomainLookup {
        addresses = List.copyOf(addresses);
    }

    /** The three answers a lookup can give. */
    enum Outcome {
        /** The name resolves: it has at least one address. */
        AVAILABLE,
        /** The resolver answered that the name does not exist (NXDOMAIN) or has no address. */
        UNAVAILABLE,
        /**
         * No answer either way: the resolver failed (SERVFAIL, REFUSED), could not be reached, or did not answer
         * in time. Says nothing about the name, so it is neither available nor unavailable.
         */
        LOOKUP_FAILED
    }
}
