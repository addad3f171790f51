package io.jobqueue.internal;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.jobqueue.InvalidInputException;
import io.jobqueue.JobQueueException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Cron expressions through cron-utils, an optional dependency: this class is loaded only once {@link #check} has
 * found the library, so a queue that defines no cron schedule never needs it. Five fields are Unix cron, six are
 * Spring's (seconds first).
 */
public final class CronExpressions {
    static final String ARTIFACT = "com.cronutils:cron-utils";
    private static final String PARSER_CLASS = "com.cronutils.parser.CronParser";

    private CronExpressions() {}

    /** The expression with its spaces normalised; refuses a bad one with what is wrong in cron-utils' words. */
    public static String check(String expression, int maxLength) {
        if (expression == null) {
            throw new InvalidInputException("cron expression must not be null");
        }
        String normalised = expression.strip().replaceAll("\\s+", " ");
        if (normalised.isEmpty()) {
            throw new InvalidInputException("cron expression must not be blank");
        }
        if (normalised.length() > maxLength) {
            throw new InvalidInputException("cron expression must be at most " + maxLength + " characters, got "
                    + normalised.length());
        }
        if (normalised.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("cron expression must not contain control characters");
        }
        int fields = normalised.split(" ").length;
        if (fields != 5 && fields != 6) {
            throw new InvalidInputException("cron expression '" + normalised + "' has " + fields + " fields; use 5"
                    + " (minute hour day-of-month month day-of-week) or 6 (second first)");
        }
        requireLibrary();
        Parsed.executionTime(normalised); // refuses what cron-utils cannot parse
        return normalised;
    }

    /** The first time strictly after {@code after} that {@code expression} (already checked) matches in {@code zone}. */
    public static Instant nextAfter(String expression, ZoneId zone, Instant after) {
        requireLibrary();
        return Parsed.nextAfter(expression, zone, after);
    }

    private static void requireLibrary() {
        try {
            Class.forName(PARSER_CLASS, false, CronExpressions.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new JobQueueException("cron schedules need cron-utils: add " + ARTIFACT
                    + " to the class path (interval schedules work without it)", e);
        }
    }

    /** The code that links against cron-utils, in a class of its own so it loads only when the library is there. */
    private static final class Parsed {
        private static final CronParser UNIX =
                new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
        private static final CronParser WITH_SECONDS =
                new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

        static ExecutionTime executionTime(String expression) {
            boolean withSeconds = expression.split(" ").length == 6;
            Cron cron;
            try {
                cron = (withSeconds ? WITH_SECONDS : UNIX).parse(expression).validate();
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("invalid cron expression '" + expression + "': " + e.getMessage());
            }
            ExecutionTime time = ExecutionTime.forCron(cron);
            // An expression that parses may still never match (the 30th of February): refuse it now.
            ZonedDateTime probe = ZonedDateTime.of(2001, 1, 1, 0, 0, 0, 0, java.time.ZoneOffset.UTC);
            if (time.nextExecution(probe).isEmpty()) {
                throw new InvalidInputException("cron expression '" + expression + "' never fires");
            }
            return time;
        }

        static Instant nextAfter(String expression, ZoneId zone, Instant after) {
            // cron-utils counts from the start of the second given: step past the millisecond part, so the result
            // is strictly after 'after'.
            ZonedDateTime from = after.truncatedTo(ChronoUnit.SECONDS).atZone(zone);
            ExecutionTime time = executionTime(expression);
            ZonedDateTime next = time.nextExecution(from).orElseThrow(
                    () -> new IllegalStateException("cron expression '" + expression + "' has no time after " + after));
            return next.toInstant();
        }
    }
}
