package io.jobqueue.tasks;

import io.jobqueue.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A kind of task: its name and its stages, run in order. The stage after a fan-out starts once the stage's
 * handler has returned and every child it created has finished.
 *
 * <pre>{@code
 * TaskDefinition importRows = TaskDefinition.builder("import")
 *         .stage("split", ctx -> { ctx.fanOut("import-row", rows(ctx), 100); return null; })
 *         .stage("report", ctx -> ctx.previousStage().progress())
 *         .build();
 * }</pre>
 *
 * @param name the task name: 1 to {@value #MAX_NAME_LENGTH} letters, digits, {@code - _ .}
 * @param stages at least one, with distinct names
 */
public record TaskDefinition(String name, List<Stage> stages) {
    public static final int MAX_NAME_LENGTH = 100;
    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");

    public TaskDefinition {
        checkName(name);
        if (stages == null || stages.isEmpty()) {
            throw new InvalidInputException("task '" + name + "' needs at least one stage");
        }
        stages = List.copyOf(stages);
        Set<String> seen = new HashSet<>();
        for (Stage stage : stages) {
            if (!seen.add(stage.name())) {
                throw new InvalidInputException("task '" + name + "' has two stages named '" + stage.name() + "'");
            }
        }
    }

    /** A task of one stage, named {@code "run"}. */
    public static TaskDefinition of(String name, TaskHandler handler) {
        return new TaskDefinition(name, List.of(Stage.of("run", handler)));
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Throws {@link InvalidInputException} unless {@code name} is a legal task name. */
    public static String checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || !LEGAL.matcher(name).matches()) {
            throw new InvalidInputException("task name must be 1 to " + MAX_NAME_LENGTH + " letters, digits or"
                    + " - _ . (not starting with - or .), got '" + name + "'");
        }
        return name;
    }

    /** Collects the stages of a definition in order. */
    public static final class Builder {
        private final String name;
        private final List<Stage> stages = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder stage(String stageName, TaskHandler handler) {
            return stage(Stage.of(stageName, handler));
        }

        public Builder stage(String stageName, TaskHandler handler, ChildFailure childFailure) {
            return stage(new Stage(stageName, handler, childFailure));
        }

        public Builder stage(Stage stage) {
            stages.add(stage);
            return this;
        }

        public TaskDefinition build() {
            return new TaskDefinition(name, stages);
        }
    }
}
