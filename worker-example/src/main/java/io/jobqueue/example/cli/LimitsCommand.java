package io.jobqueue.example.cli;

import io.jobqueue.Capability;
import io.jobqueue.JobQueue;
import io.jobqueue.PipelineLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code limits P [--max-running N] [--max-per-second R] [--none]}: shows or sets a pipeline's limits. */
@Command(name = "limits", header = "Show or set a pipeline's limits: N running at once, R started per second.",
        description = {
        "Show a pipeline's limits, or set them: at most N of its jobs running at once and R started per second,"
                + " across every worker process. An option left out keeps its limit; 0 lifts it.",
        "Needs a backend that holds limits (not beanstalkd or RabbitMQ)."})
final class LimitsCommand extends QueueCommand {
    @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline.")
    String pipeline;

    @Option(names = "--max-running", paramLabel = "N", description = "At most N jobs running at once; 0 for no limit.")
    Integer maxRunning;

    @Option(names = "--max-per-second", paramLabel = "R", description = "At most R jobs started per second; 0 for no limit.")
    Integer maxPerSecond;

    @Option(names = "--none", description = "Lift both limits.")
    boolean none;

    @Override
    void check() {
        if (none && (maxRunning != null || maxPerSecond != null)) {
            throw usage("--none lifts both limits: give it alone, without --max-running or --max-per-second");
        }
        checkRange("--max-running", maxRunning);
        checkRange("--max-per-second", maxPerSecond);
    }

    private void checkRange(String option, Integer value) {
        if (value != null && (value < 0 || value > PipelineLimits.MAX)) {
            throw usage(option + " must be from 0 (no limit) to " + PipelineLimits.MAX + ", got " + value);
        }
    }

    @Override
    int run(JobQueue queue) {
        require(queue, Capability.PIPELINE_LIMITS, "limit a pipeline");
        PipelineLimits limits = queue.limits(pipeline);
        boolean change = none || maxRunning != null || maxPerSecond != null;
        if (change) {
            limits = none ? PipelineLimits.NONE : new PipelineLimits(
                    maxRunning != null ? maxRunning : limits.maxRunning(),
                    maxPerSecond != null ? maxPerSecond : limits.maxStartedPerSecond());
            queue.setLimits(pipeline, limits);
            limits = queue.limits(pipeline);
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("pipeline", pipeline);
            doc.putAll(Json.limits(limits));
            printJson(doc);
        } else {
            List<String> notes = describe(limits);
            out().println(pipeline + ": " + (notes.isEmpty() ? "no limits" : String.join(", ", notes)));
        }
        return ExitCode.OK;
    }

    /** "at most 5 running", "at most 10 started per second": each limit that is set. */
    static List<String> describe(PipelineLimits limits) {
        List<String> notes = new ArrayList<>();
        if (limits.maxRunning() > 0) {
            notes.add("at most " + limits.maxRunning() + " running");
        }
        if (limits.maxStartedPerSecond() > 0) {
            notes.add("at most " + limits.maxStartedPerSecond() + " started per second");
        }
        return notes;
    }
}
