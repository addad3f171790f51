package io.jobqueue;

import io.jobqueue.internal.CronExpressions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * When a {@link Schedule} enqueues its job: on a cron expression in a time zone, or at a fixed interval. Checked
 * when built: a bad expression or interval is refused with {@link InvalidInputException} naming the problem.
 *
 * <pre>{@code
 * Recurrence.cron("0 2 * * *")                               // 02:00 UTC every day
 * Recurrence.cron("0 9 * * MON-FRI", ZoneId.of("Europe/Paris")) // 09:00 Paris time on weekdays, DST included
 * Recurrence.cron("0/10 * * * * *")                          // every 10 seconds (six fields: seconds first)
 * Recurrence.every(Duration.ofMinutes(5))                     // every 5 minutes from when it was scheduled
 * }</pre>
 *
 * Times are kept to the millisecond.
 */
public sealed interface Recurrence permits Recurrence.Cron, Recurrence.Interval {
    /** The shortest interval, and the finest a cron expression can fire (one with seconds). */
    Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** The longest interval: a cron expression says "once a year" better. */
    Duration MAX_INTERVAL = Duration.ofDays(366);

    /** A cron expression in UTC; see {@link Cron} for the fields. */
    static Recurrence cron(String expression) {
        return new Cron(expression, ZoneOffset.UTC);
    }

    /** A cron expression read in {@code zone}: "0 9 * * *" is 09:00 there, summer and winter. */
    static Recurrence cron(String expression, ZoneId zone) {
        return new Cron(expression, zone);
    }

    /** Every {@code period}, the first one period after the schedule is created. */
    static Recurrence every(Duration period) {
        return new Interval(period);
    }

    /** The zone the recurrence is read in; UTC for an interval, which no zone changes. */
    ZoneId zone();

    /** The first occurrence of a schedule created at {@code now}: strictly after it. */
    Instant first(Instant now);

    /**
     * The first occurrence strictly after {@code now} of a series that had one at {@code due}: the next one after
     * {@code due} when that has not passed, else the first after {@code now} (the ones between are missed).
     */
    Instant next(Instant due, Instant now);

    /**
     * A cron expression, parsed by cron-utils ({@code com.cronutils:cron-utils}, an optional dependency of
     * queue-api: add it to define cron schedules; queue-worker brings it for the scheduler). Five fields are Unix
     * cron ({@code minute hour day-of-month month day-of-week}); six put seconds first, as Spring does
     * ({@code second minute hour day-of-month month day-of-week}). Names ({@code MON}, {@code JAN}), ranges,
     * lists and steps work as in those formats.
     *
     * @param expression five or six fields separated by spaces
     * @param zone the zone the fields are read in
     */
    record Cron(String expression, ZoneId zone) implements Recurrence {
        public static final int MAX_LENGTH = 200;

        public Cron {
            if (zone == null) {
                throw new InvalidInputException("cron time zone must not be null (use ZoneOffset.UTC for UTC)");
            }
            expression = CronExpressions.check(expression, MAX_LENGTH);
        }

        @Override
        public Instant first(Instant now) {
            return CronExpressions.nextAfter(expression, zone, now);
        }

        @Override
        public Instant next(Instant due, Instant now) {
            return CronExpressions.nextAfter(expression, zone, due.isAfter(now) ? due : now);
        }

        @Override
        public String toString() {
            // ZoneOffset.UTC's id is "Z", which reads as a typo beside a cron expression.
            return "cron '" + expression + "' in " + (zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId());
        }
    }

    /**
     * A fixed interval: occurrences one {@code period} apart, from the first one period after the schedule was
     * created. A missed stretch keeps the phase: the next occurrence is still a whole number of periods on.
     *
     * @param period from {@link #MIN_INTERVAL} to {@link #MAX_INTERVAL}, in whole milliseconds
     */
    record Interval(Duration period) implements Recurrence {
        public Interval {
            if (period == null) {
                throw new InvalidInputException("interval must not be null");
            }
            if (period.compareTo(MIN_INTERVAL) < 0 || period.compareTo(MAX_INTERVAL) > 0) {
                throw new InvalidInputException("interval must be from 1 s to 366 days, got " + period);
            }
            if (period.getNano() % 1_000_000 != 0) {
                throw new InvalidInputException("interval must be whole milliseconds, got " + period);
            }
        }

        @Override
        public ZoneId zone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Instant first(Instant now) {
            return now.plus(period);
        }

        @Override
        public Instant next(Instant due, Instant now) {
            if (due.isAfter(now)) {
                return due.plus(period);
            }
            long periodMillis = period.toMillis();
            long periodsPassed = (now.toEpochMilli() - due.toEpochMilli()) / periodMillis + 1;
            return due.plusMillis(periodsPassed * periodMillis);
        }

        @Override
        public String toString() {
            return "every " + period;
        }
    }
}
