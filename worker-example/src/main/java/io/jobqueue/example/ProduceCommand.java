package io.jobqueue.example;

import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code produce --pipeline P (--count N | --file FILE)}: adds jobs in batches. With {@code --file}, one job
 * per distinct line ({@link DomainList}); with {@code --count}, N sample payloads for the pipeline's handler
 * ({@code P} or {@code P=handler}).
 */
final class ProduceCommand {
    static final Set<String> OPTIONS = Set.of("url", "url-file", "option", "pipeline", "count", "file", "delay", "ttr",
            "priority", "batch-size");

    private ProduceCommand() {}

    static int run(Args args, PrintStream out) {
        PipelineTarget target = PipelineTarget.parse(args.require("pipeline"));
        if (args.has("count") == args.has("file")) {
            throw new UsageException("produce: give exactly one of --count N or --file FILE");
        }
        JobOptions options = options(args);
        int batchSize = args.intValue("batch-size", Producer.DEFAULT_BATCH_SIZE, 1, 100_000);
        try (JobQueue queue = QueueConnections.open(args)) {
            Producer producer = new Producer(queue, target.pipeline(), options, batchSize);
            long start = System.nanoTime();
            List<Long> ids;
            if (args.has("file")) {
                Path file = Path.of(args.require("file"));
                List<String> lines = DomainList.read(file);
                out.println("read " + lines.size() + " distinct entries from " + file);
                ids = producer.addAll(lines);
            } else {
                int count = args.intValue("count", 0, 0, Integer.MAX_VALUE);
                ids = producer.addGenerated(count, target.kind()::samplePayload);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            out.println("added " + ids.size() + " jobs to pipeline " + target.pipeline()
                    + (ids.isEmpty() ? "" : " (ids " + ids.get(0) + ".." + ids.get(ids.size() - 1) + ")")
                    + " in " + ms + " ms");
        }
        return 0;
    }

    static JobOptions options(Args args) {
        JobOptions options = JobOptions.defaults()
                .withDelay(Duration.ofSeconds(args.intValue("delay", 0, 0, Integer.MAX_VALUE)));
        if (args.has("ttr")) {
            options = options.withTtr(Duration.ofSeconds(args.intValue("ttr", 60, 1, Integer.MAX_VALUE)));
        }
        if (args.has("priority")) {
            long priority = args.longValue("priority", JobOptions.DEFAULT_PRIORITY, 0, JobOptions.MAX_PRIORITY);
            options = options.withPriority(priority);
        }
        return options;
    }

    /** The pipeline to add to, and the handler whose sample payloads {@code --count} makes. */
    record PipelineTarget(String pipeline, HandlerKind kind) {
        static PipelineTarget parse(String text) {
            if (text.contains("=")) {
                PipelineSpec spec = PipelineSpec.parse(text);
                return new PipelineTarget(spec.pipeline(), spec.handler());
            }
            String pipeline = text.strip();
            for (HandlerKind kind : HandlerKind.values()) {
                if (kind.label().equals(pipeline)) {
                    return new PipelineTarget(pipeline, kind);
                }
            }
            return new PipelineTarget(pipeline, HandlerKind.NOOP);
        }
    }
}
