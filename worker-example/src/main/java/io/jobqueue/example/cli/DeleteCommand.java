package io.jobqueue.example.cli;

import io.jobqueue.Capability;
import io.jobqueue.JobQueue;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code delete ID}: deletes a job nobody holds. */
@Command(name = "delete", header = "Delete a job by its id.",
        description = {
        "Delete a job by its id: a ready, delayed or buried one. A job a worker holds reserved is left alone"
                + " (exit code 5).",
        "Exit code 1 when there is no such job."})
final class DeleteCommand extends QueueCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The job's id.")
    long id;

    @Override
    void check() {
        if (id <= 0) {
            throw usage("a job id is a positive whole number, got " + id);
        }
    }

    @Override
    int run(JobQueue queue) {
        require(queue, Capability.DELETE_BY_ID, "delete a job by its id");
        queue.delete(id);
        if (json) {
            printJson(Map.of("id", id, "deleted", true));
        } else {
            out().println("deleted job " + id);
        }
        return ExitCode.OK;
    }
}
