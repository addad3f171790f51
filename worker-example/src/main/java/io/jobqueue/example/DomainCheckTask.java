package io.jobqueue.example;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobqueue.example.DomainFile.InvalidEntry;
import io.jobqueue.tasks.StageState;
import io.jobqueue.tasks.Task;
import io.jobqueue.tasks.TaskContext;
import io.jobqueue.tasks.TaskDefinition;
import io.jobqueue.tasks.TaskStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The task {@value #NAME}: checks every domain of a file with an external resolver command.
 *
 * <ol>
 *   <li>stage {@code split} reads the file ({@link DomainFile}: blanks, comments and repeats removed, invalid
 *       entries set aside) and fans out one {@value #LOOKUP} child per distinct valid name;</li>
 *   <li>each child runs the resolver ({@code host DOMAIN} by default) through a {@link CommandHandler} with a
 *       timeout, and {@link HostOutput} reads the answer: available, unavailable or lookup failed;</li>
 *   <li>stage {@code report}, once every child has finished, reads the children a page at a time and returns a
 *       {@link DomainReport}: the counts, and the names under each outcome.</li>
 * </ol>
 *
 * The file is read by the worker that runs {@code split}, so it must be at the same path there (one machine, or
 * a shared directory); its path is made absolute when the task is started. A retry of {@code split} reads the
 * file again and fans out the same names in the same order, as fan-out requires: leave the file alone while
 * the task runs.
 */
final class DomainCheckTask {
    static final String NAME = "domain-check";
    static final String LOOKUP = "domain-lookup";

    /**
     * The params of a {@value #NAME} task.
     *
     * @param file the absolute path of the domain list
     */
    record Params(String file) {}

    /**
     * The result of stage {@code split}.
     *
     * @param file the file read; null when the params were the list itself
     * @param entries its entries (lines neither blank nor comments)
     * @param distinct distinct valid names, one child each
     * @param duplicates entries that repeated an earlier one
     * @param invalidCount entries that are not domain names
     * @param invalid those entries, at most {@value DomainReport#MAX_LISTED}
     */
    record Split(String file, int entries, int distinct, int duplicates, int invalidCount, List<InvalidEntry> invalid) {}

    private DomainCheckTask() {}

    /** The {@value #NAME} definition: stages split and report. */
    static TaskDefinition definition() {
        return TaskDefinition.builder(NAME)
                .stage("split", DomainCheckTask::split)
                .stage("report", DomainCheckTask::report)
                .build();
    }

    /**
     * The {@value #LOOKUP} child: one resolver run per domain, through {@code runner}. The name is normalised
     * again, whoever queued the child: a normalised name holds only letters, digits, dots and inner hyphens, so
     * the resolver can never read it as an option.
     */
    static TaskDefinition lookup(CommandRunner runner, ResolverCommand resolver) {
        return TaskDefinition.of(LOOKUP, new CommandHandler(runner,
                ctx -> resolver.argv(DomainNames.normalize(ctx.params(String.class))),
                (ctx, run) -> HostOutput.parse(ctx.params(String.class), run)));
    }

    /**
     * Reads the domains from the params: {@code {"file": "/path"}}, or a list of entries (what the dashboard makes
     * of an uploaded file: its distinct lines), whose report names no file.
     */
    static Split split(TaskContext ctx) {
        JsonNode params = ctx.params(JsonNode.class);
        String source;
        DomainFile file;
        if (params != null && params.isArray()) {
            List<String> entries = new ArrayList<>(params.size());
            for (JsonNode entry : params) {
                if (!entry.isTextual()) {
                    throw new IllegalArgumentException("task " + NAME + ": a list of domains holds strings only, got "
                            + entry.getNodeType());
                }
                entries.add(entry.asText());
            }
            source = null;
            file = DomainFile.parse(entries);
        } else {
            Params named = ctx.params(Params.class);
            if (named == null || named.file() == null) {
                throw new IllegalArgumentException("task " + NAME + " needs params {\"file\": \"/path/to/domains.txt\"}"
                        + " or a list of domains [\"example.com\", ...]");
            }
            source = named.file();
            file = DomainFile.read(Path.of(named.file()));
        }
        ctx.fanOut(LOOKUP, file.names());
        List<InvalidEntry> invalid = file.invalid();
        return new Split(source, file.entries(), file.names().size(), file.duplicates(), invalid.size(),
                invalid.subList(0, Math.min(invalid.size(), DomainReport.MAX_LISTED)));
    }

    static DomainReport report(TaskContext ctx) {
        StageState splitStage = ctx.previousStage().orElseThrow(() -> new IllegalStateException("no split stage"));
        Split split = splitStage.resultAs(Split.class);
        DomainReport.Builder report = new DomainReport.Builder(split);
        for (Task child : ctx.previousChildren()) {
            if (child.status() == TaskStatus.COMPLETED) {
                report.add(child.resultAs(DomainLookup.class)
                        .orElseThrow(() -> new IllegalStateException("child " + child.id() + " has no result")));
            } else {
                report.failed(child.paramsAs(String.class), child.status(), child.error());
            }
        }
        return report.build();
    }
}
