package io.jobqueue.example.cli;

import io.jobqueue.Capability;
import io.jobqueue.JobQueue;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pause P}: reserves in every process skip the pipeline's jobs until it is resumed. */
@Command(name = "pause", header = "Pause a pipeline in every process; adds still succeed.",
        description = {
        "Pause a pipeline: workers in every process stop taking its jobs (jobs running now finish); adds still"
                + " succeed. Pausing a paused pipeline changes nothing."})
final class PauseCommand extends QueueCommand {
    @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline.")
    String pipeline;

    @Override
    int run(JobQueue queue) {
        return setPaused(this, queue, pipeline, true);
    }

    /** Pauses or resumes {@code pipeline} and prints its state as read back. */
    static int setPaused(QueueCommand command, JobQueue queue, String pipeline, boolean paused) {
        command.require(queue, Capability.PAUSE, (paused ? "pause" : "resume") + " a pipeline");
        if (paused) {
            queue.pause(pipeline);
        } else {
            queue.resume(pipeline);
        }
        boolean now = queue.isPaused(pipeline);
        if (command.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("pipeline", pipeline);
            doc.put("paused", now);
            command.printJson(doc);
        } else {
            command.out().println("pipeline " + pipeline + (now ? " is paused" : " is running"));
        }
        return ExitCode.OK;
    }
}
