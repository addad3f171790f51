package io.jobqueue.example;

import java.util.Locale;

/** The sample handlers, named like the pipelines they are meant for. */
enum HandlerKind {
    /** Checks that a domain name resolves. */
    DOMAINS,
    /** Writes an email into an outbox directory. */
    EMAILS,
    /** Does nothing (or sleeps {@code --handler-delay-ms}); for load tests. */
    NOOP;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static HandlerKind named(String name) {
        for (HandlerKind kind : values()) {
            if (kind.label().equals(name)) {
                return kind;
            }
        }
        throw new UsageException("no sample handler named '" + name + "' (known: domains, emails, noop)");
    }

    /** A sample payload for job number {@code n} of this kind, for {@code produce --count}. */
    Object samplePayload(int n) {
        return switch (this) {
            case DOMAINS -> "host-" + n + ".example.invalid";
            case EMAILS -> new EmailMessage("user" + n + "@example.com", "Message " + n,
                    "Hello, this is message " + n + ".");
            case NOOP -> "job-" + n;
        };
    }
}
