package io.jobqueue.example;

import io.jobqueue.Capability;
import io.jobqueue.JobQueue;
import io.jobqueue.PipelineStats;
import io.jobqueue.WorkerInfo;
import io.jobqueue.WorkerRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code stats [--pipeline P]}: counts per state of one pipeline, or of every pipeline that holds jobs; then the
 * worker processes the backend's registry lists, alive or dead, where it keeps one.
 */
final class StatsCommand {
    static final Set<String> OPTIONS = Set.of("url", "url-file", "option", "pipeline");
    private static final String ROW = "%-24s %8s %8s %8s %8s %8s%n";
    private static final String WORKER_ROW = "%-36s %-5s %-20s %8s %7s %10s %8s %s%n";

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
            if (queue.capabilities().contains(Capability.WORKER_REGISTRY)) {
                printWorkers(queue.listWorkers(), out);
            }
        }
        return 0;
    }

    private static void printWorkers(List<WorkerRecord> workers, PrintStream out) {
        out.println();
        out.printf(WORKER_ROW, "worker", "state", "host", "pid", "busy", "succeeded", "failed", "last seen");
        Instant now = Instant.now();
        for (WorkerRecord r : workers) {
            WorkerInfo w = r.worker();
            out.printf(WORKER_ROW, w.id(), r.alive() ? "alive" : "dead", w.host(), w.pid(),
                    w.busyHandlers() + "/" + w.handlers(), w.succeeded(), w.failed(),
                    Duration.between(r.lastSeen(), now).toSeconds() + " s ago");
        }
        if (workers.isEmpty()) {
            out.println("(no worker recorded)");
        }
    }
}
