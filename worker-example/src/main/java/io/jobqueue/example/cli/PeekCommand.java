package io.jobqueue.example.cli;

import io.jobqueue.Capability;
import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peek ID} or {@code peek --pipeline P --state ready|delayed|buried}: reads a job without reserving it. */
@Command(name = "peek", header = "Show a job without reserving it: by id, or the next of a pipeline in a state.",
        description = {
        "Show a job without reserving it: the job with that id, in any state, or the next one of a pipeline in a"
                + " state (the ready job a worker would take next, the delayed job due first, the buried job buried"
                + " first).",
        "Exit code 1 when there is no such job."})
final class PeekCommand extends QueueCommand {
    /** The states a peek can read the next job of. */
    enum State { READY, DELAYED, BURIED }

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The job's id.")
    Long id;

    @Option(names = "--pipeline", paramLabel = "P", description = "Peek the next job of this pipeline (with --state).")
    String pipeline;

    @Option(names = "--state", paramLabel = "STATE", description = "ready, delayed or buried (with --pipeline).")
    State state;

    @Override
    void check() {
        if ((id == null) == (pipeline == null)) {
            throw usage("give a job id, or --pipeline P --state ready|delayed|buried");
        }
        if (id != null && state != null) {
            throw usage("--state goes with --pipeline, not with a job id");
        }
        if (pipeline != null && state == null) {
            throw usage("--pipeline needs --state ready|delayed|buried");
        }
        if (id != null && id <= 0) {
            throw usage("a job id is a positive whole number, got " + id);
        }
    }

    @Override
    int run(JobQueue queue) {
        require(queue, Capability.PEEK, "read a job without reserving it");
        Optional<Job> job;
        String what;
        if (id != null) {
            job = queue.peek(id);
            what = "no job " + id;
        } else {
            JobQueue selected = queue.selectPipeline(pipeline);
            job = switch (state) {
                case READY -> selected.peekReady();
                case DELAYED -> selected.peekDelayed();
                case BURIED -> selected.getNextBuriedJob();
            };
            what = "no " + state.name().toLowerCase(java.util.Locale.ROOT) + " job in pipeline " + pipeline;
        }
        if (job.isEmpty()) {
            throw new CliException(ExitCode.NOT_FOUND, what);
        }
        if (json) {
            printJson(Json.job(job.get()));
        } else {
            print(job.get(), out());
        }
        return ExitCode.OK;
    }

    static void print(Job job, PrintWriter out) {
        var fields = Json.job(job);
        out.printf("id        %d%npipeline  %s%nstate     %s%npriority  %d%nttr       %d s%nreserves  %d%ncreated   %s%n",
                job.id(), job.pipeline(), fields.get("state"), job.priority(), job.ttr().toSeconds(),
                job.reserves(), job.createdAt());
        if (job.lastError() != null) {
            out.println("error     " + job.lastError());
        }
        if (fields.containsKey("payload")) {
            out.println("payload   " + job.payload().length + " bytes");
            out.println(fields.get("payload"));
        } else {
            out.println("payload   " + job.payload().length + " bytes, not UTF-8 text; base64:");
            out.println(fields.get("payloadBase64"));
        }
    }
}
