package io.jobqueue.tasks;

import io.jobqueue.InvalidInputException;

/**
 * One named step of a task definition.
 *
 * @param name the stage's name, shown with its state
 * @param handler what the stage does
 * @param childFailure what a failed child of this stage does to the task
 */
public record Stage(String name, TaskHandler handler, ChildFailure childFailure) {
    public static final int MAX_NAME_LENGTH = 100;

    public Stage {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new InvalidInputException("stage name must be 1 to " + MAX_NAME_LENGTH + " characters, got '"
                    + name + "'");
        }
        if (handler == null) {
            throw new InvalidInputException("stage '" + name + "' needs a handler");
        }
        if (childFailure == null) {
            throw new InvalidInputException("stage '" + name + "' needs a child failure policy");
        }
    }

    /** A stage whose failed children are counted, for the next stage to decide on. */
    public static Stage of(String name, TaskHandler handler) {
        return new Stage(name, handler, ChildFailure.CONTINUE);
    }
}
