package io.jobqueue;

import java.time.Duration;
import java.util.Objects;

/**
 * How a job is added: its priority, its delay, its time to run and, optionally, a unique key. Immutable; checked
 * when built.
 *
 * <pre>{@code
 * JobOptions urgent = JobOptions.defaults().withPriority(0).withTtr(Duration.ofMinutes(5));
 * }</pre>
 *
 * @param priority unsigned 32-bit, lower runs first ({@value #DEFAULT_PRIORITY} by default)
 * @param delay how long the job waits before it becomes ready (zero by default)
 * @param ttr time to run: how long a reservation lasts before the job is ready again (60 s by default)
 * @param uniqueKey the job's unique key, or null for none (the default); see {@link #withUniqueKey(String)}
 */
public record JobOptions(long priority, Duration delay, Duration ttr, UniqueKey uniqueKey) {
    public static final long DEFAULT_PRIORITY = 1024;
    /** The most urgent priority. */
    public static final long MIN_PRIORITY = 0;
    /** The least urgent priority, 2^32 - 1. */
    public static final long MAX_PRIORITY = 0xFFFF_FFFFL;
    public static final Duration DEFAULT_TTR = Duration.ofSeconds(60);
    /** The shortest TTR, one second: the granularity every backend can honour. */
    public static final Duration MIN_TTR = Duration.ofSeconds(1);
    /** The longest delay or TTR, 2^32 - 1 seconds. */
    public static final Duration MAX_DURATION = Duration.ofSeconds(0xFFFF_FFFFL);

    private static final JobOptions DEFAULTS = new JobOptions(DEFAULT_PRIORITY, Duration.ZERO, DEFAULT_TTR, null);

    public JobOptions {
        checkPriority(priority);
        checkDelay(delay);
        if (ttr == null) {
            throw new InvalidInputException("ttr must not be null");
        }
        if (ttr.compareTo(MIN_TTR) < 0 || ttr.compareTo(MAX_DURATION) > 0) {
            throw new InvalidInputException("ttr must be between 1 s and 2^32-1 s, got " + ttr);
        }
    }

    /** Options without a unique key. */
    public JobOptions(long priority, Duration delay, Duration ttr) {
        this(priority, delay, ttr, null);
    }

    public static JobOptions defaults() {
        return DEFAULTS;
    }

    public JobOptions withPriority(long priority) {
        return new JobOptions(priority, delay, ttr, uniqueKey);
    }

    public JobOptions withDelay(Duration delay) {
        return new JobOptions(priority, delay, ttr, uniqueKey);
    }

    public JobOptions withTtr(Duration ttr) {
        return new JobOptions(priority, delay, ttr, uniqueKey);
    }

    /**
     * A unique key held while the job is queued or running ({@link UniqueKey.Scope#QUEUED_OR_RUNNING}): adding
     * a job whose key a job of the same pipeline holds adds nothing and returns that job's id. Needs a backend
     * with {@link Capability#UNIQUE_JOBS}.
     */
    public JobOptions withUniqueKey(String key) {
        return withUniqueKey(key, UniqueKey.Scope.QUEUED_OR_RUNNING);
    }

    /** A unique key held for {@code scope}; see {@link #withUniqueKey(String)}. */
    public JobOptions withUniqueKey(String key, UniqueKey.Scope scope) {
        return new JobOptions(priority, delay, ttr, new UniqueKey(key, scope));
    }

    /**
     * A unique key that holds for {@code period} from this add, even after the job has run: adds of the same key
     * within the period return this job's id and add nothing. At least 1 s.
     */
    public JobOptions withUniqueKeyFor(String key, Duration period) {
        return new JobOptions(priority, delay, ttr, new UniqueKey(key, UniqueKey.Scope.PERIOD, period));
    }

    /** Throws {@link InvalidInputException} unless {@code priority} is an unsigned 32-bit value. */
    public static long checkPriority(long priority) {
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new InvalidInputException("priority must be between 0 and 4294967295, got " + priority);
        }
        return priority;
    }

    /** Throws {@link InvalidInputException} unless {@code delay} is between zero and 2^32-1 seconds. */
    public static Duration checkDelay(Duration delay) {
        if (delay == null) {
            throw new InvalidInputException("delay must not be null");
        }
        if (delay.isNegative() || delay.compareTo(MAX_DURATION) > 0) {
            throw new InvalidInputException("delay must be between 0 and 2^32-1 s, got " + delay);
        }
        return delay;
    }

    @Override
    public String toString() {
        return "JobOptions[priority=" + priority + ", delay=" + delay + ", ttr=" + ttr
                + (uniqueKey == null ? "" : ", uniqueKey=" + uniqueKey.key() + " (" + uniqueKey.scope() + ")") + "]";
    }

    static JobOptions orDefaults(JobOptions options) {
        return Objects.requireNonNullElse(options, DEFAULTS);
    }
}
