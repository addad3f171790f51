package io.jobqueue.beanstalkd.client;

import io.jobqueue.internal.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import javax.net.SocketFactory;

/**
 * Connection settings, checked when built (each failure names the setting) and immutable afterwards.
 *
 * <pre>{@code
 * BeanstalkConfig config = BeanstalkConfig.builder()
 *         .url("beanstalkd://queue.internal:11300")
 *         .commandTimeout(Duration.ofSeconds(5))
 *         .build();
 * }</pre>
 *
 * @param host                  server host name or address
 * @param port                  server port, 1..65535
 * @param connectTimeout        how long to wait for the TCP connection, at least 1 ms
 * @param commandTimeout        the most one command's whole round trip may take: writing the request, reading
 *                              the complete reply line and any body (not each socket read: a server that drips
 *                              a byte at a time still fails at this deadline). A {@code reserve-with-timeout}
 *                              gets its own wait plus this; a pipelined {@code putAll} gets this per chunk of
 *                              {@link BeanstalkConnection#PUT_ALL_CHUNK_SIZE} puts; a blocking {@code reserve}
 *                              waits forever. On expiry the command fails with a
 *                              {@link BeanstalkTimeoutException} and the connection is closed, never reused.
 *                              {@code ZERO} means no deadline at all (not recommended)
 * @param reconnectAttempts     connection attempts each time the client (re)connects, at least 1
 * @param reconnectInitialDelay pause after the first failed attempt; doubled after each further failure
 * @param reconnectMaxDelay     upper bound of that pause
 * @param maxJobSize            largest body to send, in bytes; {@link #MAX_JOB_SIZE_FROM_SERVER} asks the
 *                              server ({@code stats}, once per connection, before the first put)
 * @param socketFactory         creates the (unconnected) sockets; lets TLS tunnels or tests plug in
 */
public record BeanstalkConfig(String host, int port, Duration connectTimeout, Duration commandTimeout,
                              int reconnectAttempts, Duration reconnectInitialDelay, Duration reconnectMaxDelay,
                              int maxJobSize, SocketFactory socketFactory) {

    public static final String DEFAULT_HOST = "localhost";
    public static final int DEFAULT_PORT = 11300;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_RECONNECT_ATTEMPTS = 5;
    public static final Duration DEFAULT_RECONNECT_INITIAL_DELAY = Duration.ofMillis(100);
    public static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(5);
    /** {@code maxJobSize} value meaning "ask the server". */
    public static final int MAX_JOB_SIZE_FROM_SERVER = 0;
    /** beanstalkd's default max-job-size, used when the server does not report one. */
    public static final int DEFAULT_MAX_JOB_SIZE = 65_535;
    /** The URL scheme accepted by {@link #fromUrl(String)}. */
    public static final String URL_SCHEME = "beanstalkd";

    public BeanstalkConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be null or blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
        }
        requireMillis("connectTimeout", connectTimeout, 1);
        requireMillis("commandTimeout", commandTimeout, 0);
        if (reconnectAttempts < 1) {
            throw new IllegalArgumentException("reconnectAttempts must be at least 1, was " + reconnectAttempts);
        }
        requireMillis("reconnectInitialDelay", reconnectInitialDelay, 0);
        requireMillis("reconnectMaxDelay", reconnectMaxDelay, 0);
        if (reconnectMaxDelay.compareTo(reconnectInitialDelay) < 0) {
            throw new IllegalArgumentException("reconnectMaxDelay (" + reconnectMaxDelay
                    + ") must not be shorter than reconnectInitialDelay (" + reconnectInitialDelay + ")");
        }
        if (maxJobSize < 0 || maxJobSize > ProtocolReader.MAX_CHUNK_LENGTH) {
            throw new IllegalArgumentException("maxJobSize must be between 0 (ask the server) and "
                    + ProtocolReader.MAX_CHUNK_LENGTH + ", was " + maxJobSize);
        }
        if (socketFactory == null) {
            throw new IllegalArgumentException("socketFactory must not be null");
        }
    }

    private static void requireMillis(String name, Duration value, long minMillis) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (value.isNegative() || value.compareTo(Duration.ofMillis(minMillis)) < 0
                || value.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(name + " must be between " + minMillis + " ms and "
                    + Integer.MAX_VALUE + " ms, was " + value);
        }
    }

    /** Defaults everywhere: {@code localhost:11300}. */
    public static BeanstalkConfig defaults() {
        return builder().build();
    }

    /** Defaults with host and port from {@code beanstalkd://host[:port]}. */
    public static BeanstalkConfig fromUrl(String url) {
        return builder().url(url).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder().host(host).port(port).connectTimeout(connectTimeout).commandTimeout(commandTimeout)
                .reconnectAttempts(reconnectAttempts).reconnectInitialDelay(reconnectInitialDelay)
                .reconnectMaxDelay(reconnectMaxDelay).maxJobSize(maxJobSize).socketFactory(socketFactory);
    }

    /** {@code host:port}, for messages. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    int connectTimeoutMillis() {
        return (int) connectTimeout.toMillis();
    }

    int commandTimeoutMillis() {
        return (int) commandTimeout.toMillis();
    }

    /** Builds a {@link BeanstalkConfig}; every setting starts at its {@code DEFAULT_*} constant. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private int reconnectAttempts = DEFAULT_RECONNECT_ATTEMPTS;
        private Duration reconnectInitialDelay = DEFAULT_RECONNECT_INITIAL_DELAY;
        private Duration reconnectMaxDelay = DEFAULT_RECONNECT_MAX_DELAY;
        private int maxJobSize = MAX_JOB_SIZE_FROM_SERVER;
        private SocketFactory socketFactory = SocketFactory.getDefault();

        private Builder() {
        }

        /**
         * Sets host and port from {@code beanstalkd://host[:port]} (port defaults to 11300). beanstalkd has no
         * authentication, so user info ({@code user:password@}) is refused; no message repeats it.
         */
        public Builder url(String url) {
            if (url == null) {
                throw new IllegalArgumentException("url must not be null");
            }
            String shown = redact(url);
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                // Not chained: the exception's own message repeats the whole URL, password and all.
                throw new IllegalArgumentException("url is not a valid URI (" + e.getReason() + "): " + shown);
            }
            if (uri.getScheme() == null || !URL_SCHEME.equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("url must start with " + URL_SCHEME + "://, was " + shown);
            }
            if (uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("url must not carry user info: beanstalkd has no authentication,"
                        + " was " + shown);
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("url must name a host (beanstalkd://host:port), was " + shown);
            }
            boolean extra = uri.getQuery() != null || uri.getFragment() != null
                    || !(uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"));
            if (extra) {
                throw new IllegalArgumentException("url must be beanstalkd://host[:port] only, was " + shown);
            }
            String parsedHost = uri.getHost();
            if (parsedHost.startsWith("[") && parsedHost.endsWith("]")) {
                parsedHost = parsedHost.substring(1, parsedHost.length() - 1);
            }
            this.host = parsedHost;
            this.port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
            return this;
        }

        /**
         * {@code url} for a message: user info and any password parameter hidden, even when the URL does not
         * parse.
         */
        private static String redact(String url) {
            return Redaction.withoutUserInfo(url);
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** See {@link BeanstalkConfig#commandTimeout()}; default {@link #DEFAULT_COMMAND_TIMEOUT} (10 s). */
        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
            return this;
        }

        public Builder reconnectAttempts(int reconnectAttempts) {
            this.reconnectAttempts = reconnectAttempts;
            return this;
        }

        public Builder reconnectInitialDelay(Duration reconnectInitialDelay) {
            this.reconnectInitialDelay = reconnectInitialDelay;
            return this;
        }

        public Builder reconnectMaxDelay(Duration reconnectMaxDelay) {
            this.reconnectMaxDelay = reconnectMaxDelay;
            return this;
        }

        public Builder maxJobSize(int maxJobSize) {
            this.maxJobSize = maxJobSize;
            return this;
        }

        public Builder socketFactory(SocketFactory socketFactory) {
            this.socketFactory = socketFactory;
            return this;
        }

        /** Checks every setting and returns the frozen configuration. */
        public BeanstalkConfig build() {
            return new BeanstalkConfig(host, port, connectTimeout, commandTimeout, reconnectAttempts,
                    reconnectInitialDelay, reconnectMaxDelay, maxJobSize, socketFactory);
        }
    }
}
