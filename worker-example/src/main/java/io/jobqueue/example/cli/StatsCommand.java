package io.jobqueue.example.cli;

import io.jobqueue.Capability;
import io.jobqueue.JobQueue;
import io.jobqueue.PipelineLimits;
import io.jobqueue.PipelineStats;
import io.jobqueue.WorkerInfo;
import io.jobqueue.WorkerRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stats}: counts per state of every pipeline that holds jobs (or of one), whether each is paused and its
 * limits, then the worker processes the backend's registry lists, alive or dead, where it keeps one.
 */
@Command(name = "stats", header = "Counts per pipeline and state, pauses, limits, and the workers.",
        description = {
        "Counts of jobs per pipeline and state (ready, delayed, reserved, buried), each pipeline's pause and"
                + " limits, and the worker processes the backend records (alive or dead), where it keeps them."})
final class StatsCommand extends QueueCommand {
    private static final String ROW = "%-24s %8s %8s %8s %8s %8s  %s";
    private static final String WORKER_ROW = "%-36s %-5s %-20s %8s %7s %10s %8s %s%n";

    @Option(names = "--pipeline", paramLabel = "P", description = "Only this pipeline (shown even when empty).")
    String pipeline;

    @Override
    int run(JobQueue queue) {
        List<String> pipelines = pipeline != null ? List.of(pipeline) : queue.listPipelines();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String p : pipelines) {
            rows.add(row(queue, p));
        }
        boolean registry = queue.capabilities().contains(Capability.WORKER_REGISTRY);
        List<WorkerRecord> workers = registry ? queue.listWorkers() : List.of();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("pipelines", rows);
            doc.put("workers", registry ? workers.stream().map(Json::worker).toList() : null);
            printJson(doc);
            return ExitCode.OK;
        }
        PrintWriter out = out();
        out.println(String.format(ROW, "pipeline", "ready", "delayed", "reserved", "buried", "total", "controls")
                .stripTrailing());
        for (Map<String, Object> r : rows) {
            out.println(String.format(ROW, r.get("pipeline"), r.get("ready"), r.get("delayed"), r.get("reserved"),
                    r.get("buried"), r.get("total"), controls(r)).stripTrailing());
        }
        if (pipelines.isEmpty()) {
            out.println("(no pipeline holds a job)");
        }
        if (registry) {
            printWorkers(workers, out);
        } else {
            out.println();
            out.println("(this backend keeps no record of workers)");
        }
        return ExitCode.OK;
    }

    private static Map<String, Object> row(JobQueue queue, String pipeline) {
        PipelineStats s = queue.stats(pipeline);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pipeline", pipeline);
        row.put("ready", s.ready());
        row.put("delayed", s.delayed());
        row.put("reserved", s.reserved());
        row.put("buried", s.buried());
        row.put("total", s.total());
        row.put("paused", queue.isPaused(pipeline));
        row.put("limits", Json.limits(queue.limits(pipeline)));
        return row;
    }

    /** "paused, at most 5 running, 10/s": what holds the pipeline's jobs back, if anything. */
    private static String controls(Map<String, Object> row) {
        List<String> notes = new ArrayList<>();
        if ((Boolean) row.get("paused")) {
            notes.add("paused");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> limits = (Map<String, Object>) row.get("limits");
        notes.addAll(LimitsCommand.describe(new PipelineLimits((Integer) limits.get("maxRunning"),
                (Integer) limits.get("maxStartedPerSecond"))));
        return String.join(", ", notes);
    }

    private static void printWorkers(List<WorkerRecord> workers, PrintWriter out) {
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
