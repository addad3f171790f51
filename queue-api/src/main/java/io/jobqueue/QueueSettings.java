package io.jobqueue;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings shared by the facade and the backends, checked when built and immutable after.
 *
 * <pre>{@code
 * QueueSettings settings = QueueSettings.builder()
 *         .maxPayloadBytes(256 * 1024)
 *         .option("table", "my_jobs")
 *         .build();
 * }</pre>
 *
 * @param maxPayloadBytes the largest payload accepted ({@value #DEFAULT_MAX_PAYLOAD_BYTES} bytes by default);
 *     a backend with a lower limit of its own applies that one
 * @param pollInterval the longest a waiting reserve goes without looking for new jobs when the backend cannot be
 *     woken; a backend may look sooner (JDBC: 1 ms after jobs were found, doubling up to this)
 * @param clock the time the backend stamps jobs with, where the backend keeps time itself
 * @param options backend-specific settings by name (for example {@code table} for the JDBC backend)
 * @param connectTimeout the longest a call waits to get a connection: from a pool, or a new one to the server
 *     ({@value #DEFAULT_CONNECT_TIMEOUT_SECONDS} s by default). A call made while the server is down fails
 *     after about this long.
 * @param callTimeout the longest one exchange with the server may take beyond any wait the call asks for (a
 *     statement, a reply; a reserve's own timeout comes on top): a server that stops answering fails the call
 *     after about this long instead of holding it forever ({@value #DEFAULT_CALL_TIMEOUT_SECONDS} s by default)
 */
public record QueueSettings(int maxPayloadBytes, Duration pollInterval, Clock clock, Map<String, String> options,
        Duration connectTimeout, Duration callTimeout) {
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);
    static final long DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;
    static final long DEFAULT_CALL_TIMEOUT_SECONDS = 10;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(DEFAULT_CONNECT_TIMEOUT_SECONDS);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(DEFAULT_CALL_TIMEOUT_SECONDS);
    /** Below this a timeout would fail healthy calls on a loaded machine; drivers round smaller values up. */
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(250);
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    public QueueSettings {
        if (maxPayloadBytes < 1) {
            throw new InvalidInputException("maxPayloadBytes must be at least 1, got " + maxPayloadBytes);
        }
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new InvalidInputException("pollInterval must be positive, got " + pollInterval);
        }
        Objects.requireNonNull(clock, "clock");
        options = Map.copyOf(options);
        checkTimeout("connectTimeout", connectTimeout);
        checkTimeout("callTimeout", callTimeout);
    }

    private static void checkTimeout(String name, Duration timeout) {
        if (timeout == null || timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new InvalidInputException(name + " must be between " + MIN_TIMEOUT.toMillis() + " ms and "
                    + MAX_TIMEOUT.toHours() + " h, got " + timeout);
        }
    }

    public static QueueSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The option {@code name}, or {@code fallback} when it is not set. */
    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /**
     * The option {@code name} as a whole number between {@code min} and {@code max}, or {@code fallback} when
     * it is not set.
     *
     * @throws InvalidInputException naming the option when its value is not such a number
     */
    public int intOption(String name, int fallback, int min, int max) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("option " + name + " must be a whole number between " + min + " and " + max
                + ", got '" + value + "'");
    }

    /**
     * Refuses options a backend does not know, so a mistyped name fails at once instead of being ignored.
     *
     * @param backend the backend's name, for the message
     * @param known every option name the backend reads
     * @throws InvalidInputException naming the unknown options and the known ones
     */
    public void requireKnownOptions(String backend, Set<String> known) {
        List<String> unknown = options.keySet().stream().filter(name -> !known.contains(name)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new InvalidInputException("unknown option" + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", unknown) + " for the " + backend + " backend; known options: "
                    + String.join(", ", new TreeSet<>(known)));
        }
    }

    public Builder toBuilder() {
        Builder b = new Builder().maxPayloadBytes(maxPayloadBytes).pollInterval(pollInterval).clock(clock)
                .connectTimeout(connectTimeout).callTimeout(callTimeout);
        b.options.putAll(options);
        return b;
    }

    /** Collects settings; {@link #build()} checks them. */
    public static final class Builder {
        private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Clock clock = Clock.systemUTC();
        private final Map<String, String> options = new LinkedHashMap<>();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;

        public Builder maxPayloadBytes(int maxPayloadBytes) {
            this.maxPayloadBytes = maxPayloadBytes;
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** See {@link QueueSettings#connectTimeout()}. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** See {@link QueueSettings#callTimeout()}. */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        public Builder option(String name, String value) {
            options.put(Objects.requireNonNull(name, "option name"), Objects.requireNonNull(value, name));
            return this;
        }

        public QueueSettings build() {
            return new QueueSettings(maxPayloadBytes, pollInterval, clock, options, connectTimeout, callTimeout);
        }
    }
}
