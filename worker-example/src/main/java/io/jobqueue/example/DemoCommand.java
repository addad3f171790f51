package io.jobqueue.example;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.PipelineStats;
import io.jobqueue.worker.Worker;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code demo}: the whole loop on one machine, with no server and no network. Adds the domains of a bundled
 * list (repeats removed) and a few emails, works them with four threads, prints progress every 500 ms until
 * every job is done, then a summary. One email is addressed badly and one domain is not a name: those fail
 * every attempt and are buried. A share of email sends fail once at random, to show retries.
 */
final class DemoCommand {
    static final Set<String> OPTIONS = Set.of("url", "option", "out", "timeout");
    static final String DEFAULT_URL = "jdbc:sqlite:jobqueue-demo.db";
    static final String DEFAULT_OUT = "jobqueue-demo";
    static final String SAMPLE_DOMAINS = "/sample-domains.txt";
    static final int CONCURRENCY = 4;
    static final int MAX_ATTEMPTS = 3;
    static final double EMAIL_FAILURE_RATE = 0.2;
    static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(1);
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);

    private final PrintStream out;
    private final String url;
    private final Path outDir;
    private final Duration timeout;

    private DemoCommand(PrintStream out, String url, Path outDir, Duration timeout) {
        this.out = out;
        this.url = url;
        this.outDir = outDir;
        this.timeout = timeout;
    }

    static int run(Args args, PrintStream out) throws Exception {
        String url = args.get("url", DEFAULT_URL);
        Duration timeout = Duration.ofSeconds(args.intValue("timeout", 50, 1, 3600));
        return new DemoCommand(out, url, Path.of(args.get("out", DEFAULT_OUT)), timeout).run(args);
    }

    private int run(Args args) throws Exception {
        boolean fresh = DemoFiles.deleteSqliteDatabase(url);
        DemoFiles.deleteOutputs(outDir);
        // A fresh SQLite file has empty pipelines; elsewhere, pipelines of this run's own keep runs apart.
        String prefix = fresh ? "" : "demo-" + System.currentTimeMillis() + "-";
        String domains = prefix + "domains";
        String emails = prefix + "emails";
        long start = System.nanoTime();

        try (JobQueue queue = JobQueue.connect(url, QueueConnections.settings(args));
                DemoHandlers handlers = new DemoHandlers(outDir)) {
            List<String> lines = sampleDomainLines();
            List<String> domainList = DomainList.parse(lines);
            List<Long> ids = new ArrayList<>(queue.selectPipeline(domains).addJobs(domainList));
            List<EmailMessage> messages = sampleEmails();
            ids.addAll(queue.selectPipeline(emails).addJobs(messages));
            out.printf(Locale.ROOT, "queue %s: added %d domain jobs (%d listed, repeats removed) and %d email jobs%n",
                    url, domainList.size(), countEntries(lines), messages.size());

            Worker worker = Worker.builder(queue)
                    .registerWorker(domains, handlers.domains)
                    .registerWorker(emails, handlers.emails)
                    .concurrency(CONCURRENCY)
                    .maxAttempts(MAX_ATTEMPTS)
                    .backoff(Duration.ofMillis(100), Duration.ofMillis(400))
                    .reserveTimeout(Duration.ofMillis(200))
                    .shutdownTimeout(Duration.ofSeconds(5))
                    .build();
            boolean finished;
            try (worker) {
                worker.start();
                finished = awaitDone(queue, List.of(domains, emails), ids.size(), start);
                worker.shutdown();
                worker.awaitTermination(Duration.ofSeconds(10));
            }
            printSummary(queue, List.of(domains, emails), ids, handlers, worker, start);
            if (!finished) {
                out.println("demo did not finish within " + timeout.toSeconds() + " s");
                return 1;
            }
            long reserved = queue.stats(domains).reserved() + queue.stats(emails).reserved();
            return reserved == 0 ? 0 : 1;
        }
    }

    /** Prints progress until no job is ready, delayed or reserved; false if the timeout passed first. */
    private boolean awaitDone(JobQueue queue, List<String> pipelines, int total, long start)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long ready = 0;
            long delayed = 0;
            long reserved = 0;
            long buried = 0;
            for (String pipeline : pipelines) {
                PipelineStats s = queue.stats(pipeline);
                ready += s.ready();
                delayed += s.delayed();
                reserved += s.reserved();
                buried += s.buried();
            }
            long waiting = ready + delayed + reserved;
            out.printf(Locale.ROOT, "[%5.1fs] ready=%d delayed=%d reserved=%d buried=%d done=%d/%d%n",
                    seconds(start), ready, delayed, reserved, buried, total - waiting, total);
            if (waiting == 0) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(PROGRESS_INTERVAL.toMillis());
        }
    }

    private void printSummary(JobQueue queue, List<String> pipelines, List<Long> ids, DemoHandlers handlers,
            Worker worker, long start) {
        out.printf(Locale.ROOT, "done in %.1f s%n", seconds(start));
        out.printf(Locale.ROOT, "domains: %d available, %d unavailable -> %s%n", handlers.domains.availableCount(),
                handlers.domains.unavailableCount(), handlers.results.path());
        out.printf(Locale.ROOT, "emails: %d sent -> %s (%d simulated send failures, retried)%n",
                handlers.emails.sentCount(), handlers.outbox, handlers.emails.simulatedFailures());
        out.println("worker: " + WorkCommand.describe(worker.stats()));
        for (long id : ids) {
            Optional<Job> job = queue.peek(id);
            if (job.isPresent() && job.get().state() == JobState.BURIED) {
                out.println("buried: job " + id + " (" + job.get().pipeline() + ") after " + job.get().reserves()
                        + " attempts: " + job.get().error().orElse("no reason recorded"));
            }
        }
        for (String pipeline : pipelines) {
            PipelineStats s = queue.stats(pipeline);
            out.printf(Locale.ROOT, "pipeline %s: ready=%d delayed=%d reserved=%d buried=%d%n", pipeline, s.ready(),
                    s.delayed(), s.reserved(), s.buried());
        }
    }

    static List<String> sampleDomainLines() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(SAMPLE_DOMAINS)) {
            if (in == null) {
                throw new IOException("resource " + SAMPLE_DOMAINS + " is missing from the jar");
            }
            return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R"));
        }
    }

    static List<EmailMessage> sampleEmails() {
        Stream<EmailMessage> good = Stream.of("alice", "bob", "carol", "dave", "erin", "frank", "grace")
                .map(name -> new EmailMessage(name + "@example.com", "Welcome, " + name,
                        "Hello " + name + ",\nyour account is ready.\n"));
        EmailMessage bad = new EmailMessage("not-an-address", "Undeliverable", "This one has no valid recipient.");
        return Stream.concat(good, Stream.of(bad)).toList();
    }

    private static long countEntries(List<String> lines) {
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The demo's handlers, writing under the output directory. */
    private static final class DemoHandlers implements AutoCloseable {
        final LineFile results;
        final Path outbox;
        final DomainCheckHandler domains;
        final EmailHandler emails;

        DemoHandlers(Path outDir) throws IOException {
            Files.createDirectories(outDir);
            this.results = new LineFile(outDir.resolve(SampleHandlers.DEFAULT_RESULTS));
            this.outbox = outDir.resolve(SampleHandlers.DEFAULT_OUTBOX);
            this.domains = new DomainCheckHandler(results, LOOKUP_TIMEOUT);
            this.emails = new EmailHandler(outbox, EMAIL_FAILURE_RATE, new Random()::nextDouble, true);
        }

        @Override
        public void close() throws IOException {
            results.close();
        }
    }
}
