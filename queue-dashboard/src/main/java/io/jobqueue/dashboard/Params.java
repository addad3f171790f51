package io.jobqueue.dashboard;

import io.javalin.http.Context;
import io.jobqueue.JobState;
import io.jobqueue.tasks.TaskStatus;
import java.util.Locale;

/** Path and query parameters read with a 400 naming the parameter when they are wrong. */
final class Params {
    private Params() {}

    static long id(Context ctx) {
        String text = ctx.pathParam("id");
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw ApiError.badRequest("id must be a positive whole number, got '" + text + "'");
    }

    static long longQuery(Context ctx, String name, long fallback, long min, long max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw ApiError.badRequest(name + " must be a whole number from " + min + " to " + max + ", got '" + text + "'");
    }

    static int intQuery(Context ctx, String name, int fallback, int min, int max) {
        return (int) longQuery(ctx, name, fallback, min, max);
    }

    static String text(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    static TaskStatus status(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return TaskStatus.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("status must be one of " + java.util.Arrays.toString(TaskStatus.values())
                    + ", got '" + text + "'");
        }
    }

    static JobState state(String text) {
        if (text == null || text.isBlank()) {
            throw ApiError.badRequest("state is required: ready, delayed or buried");
        }
        try {
            return JobState.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("state must be ready, delayed, reserved or buried, got '" + text + "'");
        }
    }
}
