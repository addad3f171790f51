package io.jobqueue.example;

import io.jobqueue.worker.JobHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the sample handlers from the command line, once each, so every pipeline a process works shares
 * them (and their results file, outbox and counters).
 *
 * <p>Options: {@code --results FILE} (domain results, default {@value #DEFAULT_RESULTS}), {@code --outbox DIR}
 * (default {@value #DEFAULT_OUTBOX}), {@code --failure-rate F} (simulated transient email failures, 0 to 1),
 * {@code --lookup-timeout-ms N}, {@code --handler-delay-ms N} (noop sleeps that long), {@code --record FILE}
 * (noop appends {@code <jobId> <reserves> <worker>} per job), {@code --worker-name NAME} (default the
 * supervisord process name, else {@code pid-<pid>}).
 */
final class SampleHandlers implements AutoCloseable {
    static final String DEFAULT_RESULTS = "domain-results.txt";
    static final String DEFAULT_OUTBOX = "outbox";

    private final Args args;
    private DomainCheckHandler domains;
    private EmailHandler emails;
    private NoopHandler noop;
    private LineFile results;
    private LineFile record;

    SampleHandlers(Args args) {
        this.args = args;
    }

    JobHandler forKind(HandlerKind kind) throws IOException {
        return switch (kind) {
            case DOMAINS -> domains();
            case EMAILS -> emails();
            case NOOP -> noop();
        };
    }

    DomainCheckHandler domains() throws IOException {
        if (domains == null) {
            results = new LineFile(Path.of(args.get("results", DEFAULT_RESULTS)));
            int timeoutMs = args.intValue("lookup-timeout-ms",
                    (int) DomainCheckHandler.DEFAULT_LOOKUP_TIMEOUT.toMillis(), 1, 600_000);
            domains = new DomainCheckHandler(results, Duration.ofMillis(timeoutMs));
        }
        return domains;
    }

    EmailHandler emails() throws IOException {
        if (emails == null) {
            double failureRate = args.doubleValue("failure-rate", 0, 0, 1);
            emails = new EmailHandler(Path.of(args.get("outbox", DEFAULT_OUTBOX)), failureRate,
                    () -> ThreadLocalRandom.current().nextDouble());
        }
        return emails;
    }

    NoopHandler noop() throws IOException {
        if (noop == null) {
            Duration delay = Duration.ofMillis(args.intValue("handler-delay-ms", 0, 0, 3_600_000));
            if (args.has("record")) {
                record = new LineFile(Path.of(args.require("record")));
            }
            noop = new NoopHandler(delay, record, args.get("worker-name", workerName()));
        }
        return noop;
    }

    /** The name supervisord gives this process, or {@code pid-<pid>} outside supervisord. */
    static String workerName() {
        String supervised = System.getenv("SUPERVISOR_PROCESS_NAME");
        return supervised != null && !supervised.isBlank()
                ? supervised
                : "pid-" + ProcessHandle.current().pid();
    }

    @Override
    public void close() throws IOException {
        if (results != null) {
            results.close();
        }
        if (record != null) {
            record.close();
        }
    }
}
