package io.jobqueue.example.cli;

import io.jobqueue.Capability;
import io.jobqueue.JobQueue;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kick ID} or {@code kick --pipeline P --max N}: makes buried (else delayed) jobs ready. */
@Command(name = "kick", header = "Make buried (else delayed) jobs ready: one by id, or up to N of a pipeline.",
        description = {
        "Make a buried or delayed job ready, by its id; or up to N jobs of a pipeline: its buried jobs, or if it"
                + " has none, its delayed ones (as beanstalkd's kick).",
        "Exit code 1 when the job is not there or neither buried nor delayed."})
final class KickCommand extends QueueCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The job's id.")
    Long id;

    @Option(names = "--pipeline", paramLabel = "P", description = "Kick jobs of this pipeline (with --max).")
    String pipeline;

    @Option(names = "--max", paramLabel = "N", description = "The most jobs to kick (with --pipeline).")
    Integer max;

    @Override
    void check() {
        if ((id == null) == (pipeline == null)) {
            throw usage("give a job id, or --pipeline P --max N");
        }
        if (id != null && max != null) {
            throw usage("--max goes with --pipeline, not with a job id");
        }
        if (pipeline != null && max == null) {
            throw usage("--pipeline needs --max N, the most jobs to kick");
        }
        if (max != null && max < 1) {
            throw usage("--max must be at least 1, got " + max);
        }
        if (id != null && id <= 0) {
            throw usage("a job id is a positive whole number, got " + id);
        }
    }

    @Override
    int run(JobQueue queue) {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (id != null) {
            require(queue, Capability.KICK_BY_ID, "kick a job by its id");
            queue.kick(id);
            doc.put("id", id);
            doc.put("kicked", 1);
        } else {
            int kicked = queue.kick(pipeline, max);
            doc.put("pipeline", pipeline);
            doc.put("kicked", kicked);
        }
        if (json) {
            printJson(doc);
        } else if (id != null) {
            out().println("kicked job " + id);
        } else {
            out().println("kicked " + doc.get("kicked") + " jobs of pipeline " + pipeline);
        }
        return ExitCode.OK;
    }
}
