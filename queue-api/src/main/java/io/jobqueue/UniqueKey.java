package io.jobqueue;

/**
 * A job's unique key and how long it holds: while a job of the same pipeline holds the key, adding another job
 * with it adds nothing and returns the holder's id. Keys are compared exactly (case and spaces count) within one
 * pipeline. Checked when built.
 *
 * @param key 1 to {@value #MAX_LENGTH} characters, not blank, no control characters
 * @param scope while the key holds
 */
public record UniqueKey(String key, Scope scope) {
    public static final int MAX_LENGTH = 255;

    /** While a key holds. */
    public enum Scope {
        /**
         * While the job waits to run (ready or delayed): the first reserve frees the key, so the same work can be
         * queued again while it runs. A job released after that runs again without a key.
         */
        QUEUED,
        /** While the job waits or runs: until it is deleted or buried (a kicked job comes back without a key). */
        QUEUED_OR_RUNNING
    }

    public UniqueKey {
        if (key == null) {
            throw new InvalidInputException("unique key must not be null");
        }
        if (key.isBlank()) {
            throw new InvalidInputException("unique key must not be blank");
        }
        if (key.length() > MAX_LENGTH) {
            throw new InvalidInputException("unique key must be at most " + MAX_LENGTH + " characters, got "
                    + key.length());
        }
        if (key.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("unique key must not contain control characters");
        }
        if (scope == null) {
            throw new InvalidInputException("unique key scope must not be null");
        }
    }
}
