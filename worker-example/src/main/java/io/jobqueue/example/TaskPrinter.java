package io.jobqueue.example;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobqueue.tasks.Progress;
import io.jobqueue.tasks.Stage;
import io.jobqueue.tasks.StageState;
import io.jobqueue.tasks.Task;
import io.jobqueue.tasks.TaskDefinition;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Prints tasks for people: a status stage by stage, a list, a progress line, a domain-check report. */
final class TaskPrinter {
    static final int LISTED_PER_OUTCOME = 5;
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final String STAGE_ROW = "  %-3s %-12s %-10s %10s %10s %10s %9s%n";
    private static final String LIST_ROW = "%-8s %-16s %-10s %-7s %10s %10s %10s  %-19s%n";

    private final ExampleTasks tasks;
    private final PrintStream out;

    TaskPrinter(ExampleTasks tasks, PrintStream out) {
        this.tasks = tasks;
        this.out = out;
    }

    /** The task, each stage of its definition (stored state or "pending"), and its result or error. */
    void status(Task task, boolean json) {
        out.printf(Locale.ROOT, "task %d %s: %s (attempts %d)%n", task.id(), task.name(), task.status(),
                task.attempts());
        out.println("  params   " + task.params());
        out.println("  created  " + time(task.createdAt()) + "   started " + time(task.startedAt()) + "   finished "
                + time(task.finishedAt()) + took(task.startedAt(), task.finishedAt()));
        List<StageState> stored = tasks.manager.stages(task.id());
        List<Stage> stages = tasks.definition(task.name()).map(TaskDefinition::stages).orElse(List.of());
        out.printf(Locale.ROOT, STAGE_ROW, "#", "stage", "status", "completed", "failed", "children", "took");
        int count = Math.max(stages.size(), stored.size());
        for (int i = 0; i < count; i++) {
            int index = i;
            Optional<StageState> state = stored.stream().filter(s -> s.index() == index).findFirst();
            String name = i < stages.size() ? stages.get(i).name() : state.map(StageState::name).orElse("?");
            if (state.isPresent()) {
                StageState s = state.get();
                Progress p = s.progress();
                boolean children = p.total() > 0;
                out.printf(Locale.ROOT, STAGE_ROW, i, name, s.status(), children ? p.completed() : "-",
                        children ? p.failed() : "-", children ? p.total() : "-", seconds(s.startedAt(), s.finishedAt()));
            } else {
                // A one-stage task without children keeps its state on the task row alone.
                Object status = stages.size() == 1 && stored.isEmpty() ? task.status() : "pending";
                out.printf(Locale.ROOT, STAGE_ROW, i, name, status, "-", "-", "-", "");
            }
        }
        if (task.error() != null) {
            out.println("error:");
            task.error().lines().limit(json ? Long.MAX_VALUE : 5).forEach(line -> out.println("  " + line));
        }
        if (task.result() != null) {
            if (json) {
                out.println(pretty(task.result()));
            } else if (task.name().equals(DomainCheckTask.NAME)) {
                task.resultAs(DomainReport.class).ifPresent(r -> report(task.id(), r));
            } else {
                out.println("result: " + task.result());
            }
        }
    }

    /** A domain-check report: the counts, and the first names of each outcome. */
    void report(long id, DomainReport r) {
        DomainReport.Counts c = r.counts();
        out.printf(Locale.ROOT, "report: %d entries in %s: %d distinct names, repeats removed: %d%n", r.entries(),
                r.file() == null ? "the task's list" : r.file(), r.distinct(), r.duplicates());
        outcome("available", c.available(), r.available().stream().map(n -> n.domain() + " " + n.detail()).toList());
        outcome("unavailable", c.unavailable(),
                r.unavailable().stream().map(n -> n.domain() + ": " + n.detail()).toList());
        outcome("lookup failed", c.lookupFailed(),
                r.lookupFailed().stream().map(n -> n.domain() + ": " + n.detail()).toList());
        outcome("invalid", c.invalid(),
                r.invalid().stream().map(e -> "line " + e.line() + ": " + e.reason()).toList());
        outcome("failed", c.failed(), r.failed().stream().map(n -> n.domain() + ": " + n.detail()).toList());
        if (Math.max(Math.max(c.available(), c.unavailable()), Math.max(Math.max(c.lookupFailed(), c.invalid()),
                c.failed())) > LISTED_PER_OUTCOME) {
            out.println("  (every name: task status " + id + " --json)");
        }
    }

    private void outcome(String label, long count, List<String> entries) {
        out.printf(Locale.ROOT, "  %-14s %7d%n", label, count);
        entries.stream().limit(LISTED_PER_OUTCOME).forEach(e -> out.println("      " + e));
        if (count > LISTED_PER_OUTCOME) {
            out.println("      ... " + (count - LISTED_PER_OUTCOME) + " more");
        }
    }

    /** A page of tasks, newest first, and how many match in all. */
    void list(List<Task> page, long total) {
        out.printf(Locale.ROOT, LIST_ROW, "id", "name", "status", "stage", "completed", "failed", "children",
                "created");
        for (Task t : page) {
            Progress p = t.progress();
            out.printf(Locale.ROOT, LIST_ROW, t.id(), t.name(), t.status(), t.stage(), p.completed(), p.failed(),
                    p.total(), time(t.createdAt()));
        }
        out.println(page.isEmpty() ? "(no task)" : page.size() + " of " + total + " tasks");
    }

    /** One line: elapsed time, status, and the current stage's children. */
    void progress(Task task, long startNanos) {
        Optional<StageState> stage = tasks.manager.stages(task.id()).stream()
                .filter(s -> s.index() == task.stage()).findFirst();
        String stageName = stage.map(StageState::name).orElse("stage " + task.stage());
        Progress p = stage.map(StageState::progress).orElse(Progress.NONE);
        out.printf(Locale.ROOT, "[%5.1fs] task %d %s: %s, %s: %d/%d children done (%d failed)%n",
                (System.nanoTime() - startNanos) / 1e9, task.id(), task.name(), task.status(), stageName,
                p.finished(), p.total(), p.failed());
    }

    private static String time(Instant at) {
        return at == null ? "-" : TIME.format(at);
    }

    private static String took(Instant from, Instant to) {
        return from == null || to == null ? "" : " (" + seconds(from, to) + ")";
    }

    private static String seconds(Instant from, Instant to) {
        if (from == null) {
            return "";
        }
        Duration d = Duration.between(from, to == null ? Instant.now() : to);
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String pretty(String json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}
