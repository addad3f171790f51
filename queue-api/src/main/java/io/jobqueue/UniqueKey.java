package io.jobqueue;

/**
 * A job's unique key and how long it holds: while a job of the same pipeline holds the key, adding another job
 * with it adds nothing and returns the holder's id. Keys are compared exactly (case and spaces count) within one
 * pipeline. Checked when built.
 *
 * @param key 1 to {@value #MAX_LENGTH} characters, not blank, no control characters
 * @param scope while the key holds
 * @param period how long the key holds from the add, for {@link Scope#PERIOD}; null for the other scopes
 */
public record UniqueKey(String key, Scope scope, java.time.Duration period) {
    public static final int MAX_LENGTH = 255;

    /** While a key holds. */
    public enum Scope {
        /**
         * While the job waits to run (ready or delayed): the first reserve frees the key, so the same work can be
         * queued again while it runs. A job released after that runs again without a key.
         */
        QUEUED,
        /** While the job waits or runs: until it is deleted or buried (a kicked job comes back without a key). */
        QUEUED_OR_RUNNING,
        /**
         * For a fixed period from the add, whatever becomes of the job: a second add within the period returns
         * the first job's id even after that job ran and was deleted (at most one run per period).
         */
        PERIOD
    }

    /** A key held for {@code scope}, which must not be {@link Scope#PERIOD} (that one needs its period). */
    public UniqueKey(String key, Scope scope) {
        this(key, scope, null);
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
        if (scope == Scope.PERIOD) {
            if (period == null || period.compareTo(JobOptions.MIN_TTR) < 0
                    || period.compareTo(JobOptions.MAX_DURATION) > 0) {
                throw new InvalidInputException("unique key period must be between 1 s and 2^32-1 s, got " + period);
            }
        } else if (period != null) {
            throw new InvalidInputException("a unique key period goes only with the scope PERIOD, not " + scope);
        }
    }
}
