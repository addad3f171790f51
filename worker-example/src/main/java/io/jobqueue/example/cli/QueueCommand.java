package io.jobqueue.example.cli;

import io.jobqueue.Capability;
import io.jobqueue.JobQueue;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A {@code jobqueue} subcommand that works on one queue: {@code --url} and its kin, {@code --json}, {@code --help}.
 * {@link #call()} checks the command line ({@link #check()}), opens the queue, runs the command and closes the
 * queue; what goes wrong is mapped to an {@link ExitCode} by {@link Cli}.
 */
abstract class QueueCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "Print the result as one JSON document on standard output.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public final Integer call() throws Exception {
        check();
        try (JobQueue queue = connection.open(cli().env())) {
            return run(queue);
        }
    }

    /** Checks the command line before the queue is opened; throws {@link #usage} for a bad one. */
    void check() {}

    /** Runs the command on an open queue; returns its exit code. */
    abstract int run(JobQueue queue) throws Exception;

    Cli cli() {
        return (Cli) spec.root().userObject();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints {@code value} as JSON on one line of standard output. */
    void printJson(Object value) {
        out().println(Json.write(value));
        out().flush();
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Refuses, with {@link ExitCode#MISSING_CAPABILITY}, a command the backend cannot do. */
    void require(JobQueue queue, Capability capability, String what) {
        if (!queue.capabilities().contains(capability)) {
            throw new CliException(ExitCode.MISSING_CAPABILITY, "the backend at " + connection.shown(cli().env())
                    + " cannot " + what + ": it lacks the capability " + capability);
        }
    }
}
