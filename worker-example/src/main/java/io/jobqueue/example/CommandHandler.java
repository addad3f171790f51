package io.jobqueue.example;

import io.jobqueue.tasks.TaskContext;
import io.jobqueue.tasks.TaskHandler;
import java.util.List;
import java.util.Objects;

/**
 * A task handler that runs an external command and returns what a parser makes of its output: the command's
 * arguments come from the task (as a list, never a shell string), the {@link CommandRunner} bounds its time and
 * the output kept. A program that cannot be started throws {@link CommandException}, so the attempt fails and
 * the worker runtime retries it; everything the program itself does (exit codes, timeouts) goes to the parser.
 */
final class CommandHandler implements TaskHandler {
    /** The program and arguments to run for one task. */
    @FunctionalInterface
    interface Arguments {
        List<String> of(TaskContext context) throws Exception;
    }

    /** Turns a finished run into the task's result. */
    @FunctionalInterface
    interface Parser {
        Object parse(TaskContext context, CommandResult result) throws Exception;
    }

    private final CommandRunner runner;
    private final Arguments arguments;
    private final Parser parser;

    CommandHandler(CommandRunner runner, Arguments arguments, Parser parser) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.arguments = Objects.requireNonNull(arguments, "arguments");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    @Override
    public Object handle(TaskContext context) throws Exception {
        return parser.parse(context, runner.run(arguments.of(context)));
    }
}
