package io.jobqueue.worker;

import io.jobqueue.JobOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker's settings, checked by {@link Worker.Builder#build()} ({@link #problems()}) and frozen. See the
 * builder for their meaning.
 *
 * @param minHandlers the fewest handler threads; equal to {@code maxHandlers} for a fixed pool
 * @param maxHandlers the most handler threads
 * @param poolIdleTimeout how long a dynamic pool must have been bigger than needed before it shrinks
 * @param batchSize the most jobs one reserve takes (with the pool at {@code maxHandlers}) and one delete sends
 * @param healthPort the port for the health endpoint, 0 for any free port, or {@link #NO_HEALTH_PORT}
 * @param heartbeatInterval how often the worker records itself in the backend's registry; zero for never
 * @param clock the wall clock a job's wait since it was added is measured with
 * @param schedulePollInterval how often the scheduler looks for due schedules, or null when it does not run
 */
record WorkerConfig(
        Map<String, JobHandler> handlers,
        int minHandlers,
        int maxHandlers,
        Duration poolIdleTimeout,
        int maxAttempts,
        Duration backoffInitial,
        Duration backoffMax,
        Duration shutdownTimeout,
        Duration reserveTimeout,
        int batchSize,
        int healthPort,
        Duration reconnectInitial,
        Duration reconnectMax,
        int reserveThreads,
        Duration stallTimeout,
        Duration depthSampleInterval,
        Duration heartbeatInterval,
        Clock clock,
        Duration schedulePollInterval) {

    static final int NO_HEALTH_PORT = -1;
    static final int MAX_THREADS = 10_000;
    static final int MAX_BATCH_SIZE = 10_000;
    static final int MAX_RESERVE_THREADS = 64;
    static final Duration MAX_RESERVE_TIMEOUT = Duration.ofMinutes(5);
    static final Duration MIN_DEPTH_SAMPLE_INTERVAL = Duration.ofMillis(10);
    static final Duration MIN_HEARTBEAT_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_HEARTBEAT_INTERVAL = Duration.ofMinutes(10);
    static final Duration MIN_SCHEDULE_POLL_INTERVAL = Duration.ofMillis(10);
    static final Duration MAX_SCHEDULE_POLL_INTERVAL = Duration.ofMinutes(1);

    WorkerConfig {
        handlers = Collections.unmodifiableMap(new LinkedHashMap<>(handlers));
    }

    /** The longest a reserve may be in flight before the worker reports itself unhealthy. */
    Duration reserveBound() {
        return reserveTimeout.plus(stallTimeout);
    }

    /** The pipelines in the order they were registered. */
    List<String> pipelines() {
        return List.copyOf(handlers.keySet());
    }

    boolean runsSchedules() {
        return schedulePollInterval != null;
    }

    /** True when the pool grows and shrinks between its bounds. */
    boolean dynamicPool() {
        return minHandlers < maxHandlers;
    }

    /** What is wrong with these settings, one message per problem, each naming the setting. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (handlers.isEmpty()) {
            problems.add("registerWorker: no pipeline has a handler; register at least one");
        }
        if (minHandlers == maxHandlers) {
            between(problems, "concurrency", minHandlers, 1, MAX_THREADS);
        } else {
            between(problems, "concurrency min", minHandlers, 1, MAX_THREADS);
            between(problems, "concurrency max", maxHandlers, Math.max(1, minHandlers), MAX_THREADS);
        }
        if (poolIdleTimeout == null || !positive(poolIdleTimeout)) {
            problems.add("poolIdleTimeout must be positive, got " + poolIdleTimeout);
        }
        if (depthSampleInterval == null || depthSampleInterval.compareTo(MIN_DEPTH_SAMPLE_INTERVAL) < 0) {
            problems.add("depthSampleInterval must be at least " + MIN_DEPTH_SAMPLE_INTERVAL.toMillis() + " ms, got "
                    + depthSampleInterval);
        }
        if (heartbeatInterval == null || heartbeatInterval.isNegative()
                || !heartbeatInterval.isZero() && heartbeatInterval.compareTo(MIN_HEARTBEAT_INTERVAL) < 0
                || heartbeatInterval.compareTo(MAX_HEARTBEAT_INTERVAL) > 0) {
            problems.add("heartbeatInterval must be zero (no heartbeats) or between "
                    + MIN_HEARTBEAT_INTERVAL.toMillis() + " ms and " + MAX_HEARTBEAT_INTERVAL.toMinutes()
                    + " minutes, got " + heartbeatInterval);
        }
        between(problems, "maxAttempts", maxAttempts, 1, Integer.MAX_VALUE);
        backoff(problems, "backoff", backoffInitial, backoffMax);
        backoff(problems, "reconnectBackoff", reconnectInitial, reconnectMax);
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            problems.add("shutdownTimeout must be zero or positive, got " + shutdownTimeout);
        }
        if (reserveTimeout == null || !positive(reserveTimeout)
                || reserveTimeout.compareTo(MAX_RESERVE_TIMEOUT) > 0) {
            problems.add("reserveTimeout must be positive and at most " + MAX_RESERVE_TIMEOUT + ", got "
                    + reserveTimeout);
        }
        if (stallTimeout == null || !positive(stallTimeout) || stallTimeout.compareTo(JobOptions.MAX_DURATION) > 0) {
            problems.add("stallTimeout must be positive and at most 2^32-1 s, got " + stallTimeout);
        }
        if (schedulePollInterval != null && (schedulePollInterval.compareTo(MIN_SCHEDULE_POLL_INTERVAL) < 0
                || schedulePollInterval.compareTo(MAX_SCHEDULE_POLL_INTERVAL) > 0)) {
            problems.add("runSchedules poll interval must be from 10 ms to 1 min, got " + schedulePollInterval);
        }
        between(problems, "batchSize", batchSize, 1, MAX_BATCH_SIZE);
        between(problems, "reserveThreads", reserveThreads, 1, MAX_RESERVE_THREADS);
        if (healthPort != NO_HEALTH_PORT) {
            between(problems, "healthPort", healthPort, 0, 65_535);
        }
        return problems;
    }

    private static void between(List<String> problems, String name, int value, int min, int max) {
        if (value < min || value > max) {
            problems.add(name + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static void backoff(List<String> problems, String name, Duration initial, Duration max) {
        if (initial == null || !positive(initial)) {
            problems.add(name + " initial delay must be positive, got " + initial);
        } else if (max == null || max.compareTo(initial) < 0 || max.compareTo(JobOptions.MAX_DURATION) > 0) {
            problems.add(name + " max delay must be at least the initial delay (" + initial + ") and at most 2^32-1 s,"
                    + " got " + max);
        }
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
