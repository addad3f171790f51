package io.jobqueue.example.cli;

import io.jobqueue.BackendException;
import io.jobqueue.InvalidInputException;
import io.jobqueue.NoSuchJobException;
import io.jobqueue.ReservationLostException;
import io.jobqueue.example.UsageException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code jobqueue}: look at and steer a queue from a shell. Each subcommand opens the queue, does one thing, prints
 * it (as text, or JSON with {@code --json}) and exits with an {@link ExitCode}.
 */
@Command(name = "jobqueue",
        description = "Look at and steer a job queue: counts, jobs, pauses, limits, adds, schedules.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {StatsCommand.class, PeekCommand.class, KickCommand.class, DeleteCommand.class,
                PauseCommand.class, ResumeCommand.class, LimitsCommand.class, AddCommand.class,
                ScheduleCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0  done",
                "  1  not found: no job with that id in a state the command applies to, nothing to peek,",
                "     no such schedule",
                "  2  usage: a bad command line or bad input; nothing changed",
                "  3  backend: the queue cannot be reached, or it answered with an error",
                "  4  capability missing: the backend cannot do this (limits on beanstalkd, say);",
                "     nothing changed",
                "  5  conflict: the job is reserved by a worker; nothing changed",
                "",
                "Every command takes --url URL (else --url-file FILE, else $JOBQUEUE_URL, else",
                "jdbc:sqlite:jobqueue.db), --option NAME=VALUE, --json and --help.",
                "Run 'jobqueue COMMAND --help' for a command's options."})
public final class Cli implements Callable<Integer> {
    /** Wide enough that a URL in a description is not broken across lines. */
    static final int USAGE_WIDTH = 100;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private InputStream in = System.in;
    private Map<String, String> env = System.getenv();
    private boolean stderrIsTerminal;

    /** Runs {@code jobqueue args...} on the process's standard streams and environment; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err, System.getenv(), Terminal.stderrIsTerminal());
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
            boolean stderrIsTerminal) {
        Cli cli = new Cli();
        cli.in = in;
        cli.env = Map.copyOf(env);
        cli.stderrIsTerminal = stderrIsTerminal;
        CommandLine line = commandLine(cli);
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        int code = line.execute(args);
        line.getOut().flush();
        line.getErr().flush();
        return code;
    }

    static CommandLine commandLine(Cli cli) {
        CommandLine line = new CommandLine(cli);
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setUsageHelpWidth(USAGE_WIDTH);
        line.setParameterExceptionHandler(Cli::usageError);
        line.setExecutionExceptionHandler(Cli::failure);
        return line;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "say which command to run");
    }

    InputStream in() {
        return in;
    }

    Map<String, String> env() {
        return env;
    }

    boolean stderrIsTerminal() {
        return stderrIsTerminal;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        PrintWriter err = line.getErr();
        err.println(line.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        err.println("Run '" + line.getCommandSpec().qualifiedName() + " --help' for usage.");
        return ExitCode.USAGE;
    }

    /** Maps what a command threw to its exit code, with one line on standard error that names the problem. */
    private static int failure(Exception e, CommandLine line, ParseResult parsed) {
        int code;
        if (e instanceof CliException c) {
            code = c.exitCode();
        } else if (e instanceof NoSuchJobException) {
            code = ExitCode.NOT_FOUND;
        } else if (e instanceof ReservationLostException) {
            code = ExitCode.CONFLICT;
        } else if (e instanceof InvalidInputException || e instanceof UsageException) {
            code = ExitCode.USAGE;
        } else {
            code = ExitCode.BACKEND;
        }
        String message = e instanceof BackendException || e.getMessage() == null ? describe(e) : e.getMessage();
        line.getErr().println(line.getCommandSpec().qualifiedName() + ": " + message);
        return code;
    }

    /** A backend error with its causes' messages, which say what failed (refused connection, SQL state). */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.toString();
    }
}
