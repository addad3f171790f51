package io.jobqueue.example.cli;

import io.jobqueue.Capability;
import io.jobqueue.InvalidInputException;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.Recurrence;
import io.jobqueue.Schedule;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code schedule list|add|remove}: the recurring jobs the backend holds. */
@Command(name = "schedule", header = "List, add or remove recurring jobs (schedules).",
        synopsisSubcommandLabel = "(list | add | remove)",
        description = "The recurring jobs (schedules) the backend holds. A worker started with runSchedules()"
                + " enqueues their jobs.",
        subcommands = {ScheduleCommand.ListSchedules.class, ScheduleCommand.AddSchedule.class,
                ScheduleCommand.RemoveSchedule.class})
final class ScheduleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "say list, add or remove");
    }

    @Command(name = "list", header = "List the schedules.", description = "Every schedule, in name order, with its next run.")
    static final class ListSchedules extends QueueCommand {
        private static final String ROW = "%-24s %-34s %-20s %-24s %s%n";

        @Override
        int run(JobQueue queue) {
            require(queue, Capability.SCHEDULES, "hold schedules");
            List<Schedule> schedules = queue.listSchedules();
            if (json) {
                printJson(schedules.stream().map(Json::schedule).toList());
                return ExitCode.OK;
            }
            PrintWriter out = out();
            out.printf(ROW, "name", "when", "pipeline", "next run", "payload");
            for (Schedule s : schedules) {
                out.printf(ROW, s.name(), s.recurrence(), s.pipeline(), s.nextRunAt(), s.payload().length + " bytes");
            }
            if (schedules.isEmpty()) {
                out.println("(no schedule)");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "add", header = "Create or replace a schedule.", description = {
            "Create or replace a schedule: a job with PAYLOAD added to the pipeline at each occurrence, by cron"
                    + " expression (five fields, or six with seconds first) in a zone, or at a fixed interval."})
    static final class AddSchedule extends QueueCommand {
        private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

        @Parameters(index = "0", paramLabel = "NAME", description = "The schedule's name.")
        String name;

        @Option(names = "--cron", paramLabel = "EXPR", description = "e.g. '0 2 * * *' (02:00 every day).")
        String cron;

        @Option(names = "--zone", paramLabel = "ZONE", description = "The cron expression's time zone, e.g."
                + " Europe/Paris; default UTC.")
        String zone;

        @Option(names = "--every", paramLabel = "DURATION", description = "A fixed interval: 30s, 5m, 2h, 1d or"
                + " ISO-8601 (PT5M).")
        String every;

        @Option(names = "--pipeline", required = true, paramLabel = "P", description = "Where its jobs go.")
        String pipeline;

        @Option(names = "--payload", paramLabel = "TEXT", description = "Each job's payload; default empty.")
        String payload = "";

        @Option(names = "--priority", paramLabel = "N", description = "Each job's priority; default 1024.")
        Long priority;

        @Option(names = "--ttr", paramLabel = "S", description = "Each job's time to run, seconds; default 60.")
        Long ttr;

        private Recurrence recurrence;
        private JobOptions options;

        @Override
        void check() {
            if ((cron == null) == (every == null)) {
                throw usage("give --cron EXPR or --every DURATION");
            }
            if (zone != null && cron == null) {
                throw usage("--zone goes with --cron");
            }
            try {
                recurrence = cron != null ? Recurrence.cron(cron, zone == null ? ZoneId.of("UTC") : ZoneId.of(zone))
                        : Recurrence.every(duration(every));
                JobOptions o = JobOptions.defaults();
                if (priority != null) {
                    o = o.withPriority(priority);
                }
                if (ttr != null) {
                    o = o.withTtr(Duration.ofSeconds(ttr));
                }
                options = o;
            } catch (InvalidInputException | DateTimeException e) {
                throw usage(e.getMessage());
            }
        }

        private Duration duration(String text) {
            Matcher m = SHORT_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                return Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw usage("--every must look like 30s, 5m, 2h, 1d or PT5M, got '" + text + "'");
            }
        }

        @Override
        int run(JobQueue queue) {
            require(queue, Capability.SCHEDULES, "hold schedules");
            Schedule s = queue.schedule(name, recurrence, pipeline, payload, options);
            if (json) {
                printJson(Json.schedule(s));
            } else {
                out().println("schedule " + s.name() + ": " + s.recurrence() + " into pipeline " + s.pipeline()
                        + ", next run " + s.nextRunAt());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "remove", header = "Remove a schedule.", description = {"Remove a schedule; jobs it added stay. Exit code 1 when there is none"
            + " of that name."})
    static final class RemoveSchedule extends QueueCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The schedule's name.")
        String name;

        @Override
        int run(JobQueue queue) {
            require(queue, Capability.SCHEDULES, "hold schedules");
            if (!queue.removeSchedule(name)) {
                throw new CliException(ExitCode.NOT_FOUND, "no schedule named " + name);
            }
            if (json) {
                printJson(Map.of("name", name, "removed", true));
            } else {
                out().println("removed schedule " + name);
            }
            return ExitCode.OK;
        }
    }
}
