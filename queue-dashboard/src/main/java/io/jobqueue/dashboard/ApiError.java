package io.jobqueue.dashboard;

/** A request the dashboard answers with an error status and a message meant for the caller. */
final class ApiError extends RuntimeException {
    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    static ApiError conflict(String message) {
        return new ApiError(409, message);
    }
}
