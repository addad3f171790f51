package io.jobqueue.example;

import io.jobqueue.JobQueue;
import io.jobqueue.PipelineStats;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code stats [--pipeline P]}: counts per state of one pipeline, or of every pipeline that holds jobs. */
final class StatsCommand {
    static final Set<String> OPTIONS = Set.of("url", "url-file", "option", "pipeline");
    private static final String ROW = "%-24s %8s %8s %8s %8s %8s%n";

    private StatsCommand() {}

    static int run(Args args, PrintStream out) {
        try (JobQueue queue = QueueConnections.open(args)) {
            List<String> pipelines = args.has("pipeline") ? List.of(args.require("pipeline")) : queue.listPipelines();
            out.printf(ROW, "pipeline", "ready", "delayed", "reserved", "buried", "total");
            for (String pipeline : pipelines) {
                PipelineStats s = queue.stats(pipeline);
                out.printf(ROW, pipeline, s.ready(), s.delayed(), s.reserved(), s.buried(), s.total());
            }
            if (pipelines.isEmpty()) {
                out.println("(no pipeline holds a job)");
            }
        }
        return 0;
    }
}
