package io.jobqueue.example.cli;

import io.jobqueue.JobQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code resume P}: workers take the pipeline's jobs again. */
@Command(name = "resume", header = "Resume a paused pipeline.",
        description = {
        "Resume a paused pipeline: workers take its ready jobs again. Resuming a running pipeline changes nothing."})
final class ResumeCommand extends QueueCommand {
    @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline.")
    String pipeline;

    @Override
    int run(JobQueue queue) {
        return PauseCommand.setPaused(this, queue, pipeline, false);
    }
}
