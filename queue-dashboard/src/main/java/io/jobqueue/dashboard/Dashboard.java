package io.jobqueue.dashboard;

import io.javalin.Javalin;
import io.jobqueue.InvalidInputException;
import io.jobqueue.JobQueue;
import io.jobqueue.tasks.TaskManager;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A web dashboard and a REST API over a job queue and its tasks, embedded in an application.
 *
 * <pre>{@code
 * try (Dashboard dashboard = Dashboard.builder(queue, tasks).port(8080).start()) {
 *     // http://127.0.0.1:8080/ while the application runs
 * }
 * }</pre>
 *
 * <p>It listens on 127.0.0.1 unless told otherwise. Bound to any other address it refuses to start without
 * credentials, and with credentials every request must carry them (HTTP Basic). Requests that change anything
 * are refused when a browser says they come from another site. Its threads are daemon threads: it never keeps
 * the JVM alive on its own, and {@link #close()} stops it. It does not close the queue or the task manager.
 */
public final class Dashboard implements AutoCloseable {
    /** The port when none is set. */
    public static final int DEFAULT_PORT = 8080;
    /** The address it listens on when none is set: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The largest upload (a file of items for a task) it accepts by default. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 16L * 1024 * 1024;
    /** How often the worker registry is read for the throughput chart, by default. */
    public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofSeconds(10);
    static final Duration MIN_SAMPLE_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_SAMPLE_INTERVAL = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);

    private final Javalin app;
    private final String host;
    private final WorkerSampler sampler;

    private Dashboard(Javalin app, String host, WorkerSampler sampler) {
        this.app = app;
        this.host = host;
        this.sampler = sampler;
    }

    public static Builder builder(JobQueue queue, TaskManager tasks) {
        return new Builder(Objects.requireNonNull(queue, "queue"), Objects.requireNonNull(tasks, "tasks"));
    }

    /** The port it listens on (the one chosen by the system when built with port 0). */
    public int port() {
        return app.port();
    }

    /** Its base URL, for example {@code http://127.0.0.1:8080}. */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port();
    }

    /** Stops listening; requests in flight are finished first. */
    @Override
    public void close() {
        String url = url(); // read before stopping: a stopped server no longer knows its port
        try {
            app.stop();
        } finally {
            if (sampler != null) {
                sampler.close();
            }
        }
        log.info("dashboard on {} stopped", url);
    }

    /** Collects the settings; {@link #start()} checks them and starts listening. */
    public static final class Builder {
        private final JobQueue queue;
        private final TaskManager tasks;
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String username;
        private String password;
        private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
        private Duration sampleInterval = DEFAULT_SAMPLE_INTERVAL;

        private Builder(JobQueue queue, TaskManager tasks) {
            this.queue = queue;
            this.tasks = tasks;
        }

        /** The address to listen on (127.0.0.1 by default); any other than loopback needs {@link #credentials}. */
        public Builder host(String address) {
            this.host = address;
            return this;
        }

        /** The port ({@value #DEFAULT_PORT} by default; 0 lets the system choose one). */
        public Builder port(int number) {
            this.port = number;
            return this;
        }

        /** HTTP Basic credentials every request must then carry. Never logged. */
        public Builder credentials(String user, String secret) {
            this.username = user;
            this.password = secret;
            return this;
        }

        /** The largest file a task can be created from (16 MiB by default). */
        public Builder maxUploadBytes(long bytes) {
            this.maxUploadBytes = bytes;
            return this;
        }

        /**
         * How often one background thread reads the worker registry for the throughput chart (10 s by default;
         * 100 ms to 1 minute). Pages and API calls read what it gathered, never the backend.
         */
        public Builder sampleInterval(Duration interval) {
            this.sampleInterval = interval;
            return this;
        }

        /**
         * Checks the settings and starts listening.
         *
         * @throws InvalidInputException naming each wrong setting, or when bound beyond loopback without
         *     credentials
         */
        public Dashboard start() {
            boolean loopback = check();
            Access access = new Access(username, password, loopback);
            Clock clock = Clock.systemUTC();
            Throughput throughput = new Throughput(clock);
            Operations ops = new Operations(queue, tasks, clock, throughput, sampleInterval);
            Javalin app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.startup.showOldJavalinVersionWarning = false;
                config.jetty.host = host;
                config.jetty.port = port;
                QueuedThreadPool threads = new QueuedThreadPool(16, 2);
                threads.setName("jobqueue-dashboard");
                threads.setDaemon(true);
                config.jetty.threadPool = threads;
                config.jetty.multipartConfig.maxFileSize(maxUploadBytes, io.javalin.config.SizeUnit.BYTES);
                config.jetty.multipartConfig.maxTotalRequestSize(maxUploadBytes + TaskApi.FORM_OVERHEAD,
                        io.javalin.config.SizeUnit.BYTES);
                config.http.maxRequestSize = maxUploadBytes + TaskApi.FORM_OVERHEAD;
                Routes.register(config.routes, access, ops, maxUploadBytes);
            });
            app.start();
            WorkerSampler sampler = ops.canListWorkers() ? new WorkerSampler(queue, throughput, sampleInterval) : null;
            Dashboard dashboard = new Dashboard(app, host, sampler);
            log.info("dashboard listening on {}{}", dashboard.url(), access.required() ? " (HTTP Basic)" : "");
            return dashboard;
        }

        /** Returns whether the host is a loopback address. */
        private boolean check() {
            List<String> problems = new ArrayList<>();
            if (port < 0 || port > 65_535) {
                problems.add("port must be between 0 and 65535, got " + port);
            }
            if (maxUploadBytes < 1) {
                problems.add("maxUploadBytes must be positive, got " + maxUploadBytes);
            }
            if (sampleInterval == null || sampleInterval.compareTo(MIN_SAMPLE_INTERVAL) < 0
                    || sampleInterval.compareTo(MAX_SAMPLE_INTERVAL) > 0) {
                problems.add("sampleInterval must be between " + MIN_SAMPLE_INTERVAL.toMillis() + " ms and "
                        + MAX_SAMPLE_INTERVAL.toMinutes() + " minute, got " + sampleInterval);
            }
            boolean hasUser = username != null && !username.isEmpty();
            boolean hasPassword = password != null && !password.isEmpty();
            if (hasUser != hasPassword) {
                problems.add("credentials need both a user name and a password");
            } else if (hasUser && username.indexOf(':') >= 0) {
                problems.add("the credentials' user name must not contain ':'");
            }
            boolean loopback = true;
            if (host == null || host.isBlank()) {
                problems.add("host must not be empty");
            } else {
                try {
                    loopback = InetAddress.getByName(host).isLoopbackAddress();
                } catch (UnknownHostException e) {
                    problems.add("host '" + host + "' is not an address of this machine");
                }
                if (!loopback && !(hasUser && hasPassword)) {
                    problems.add("the dashboard listens on " + host + ", beyond loopback: set credentials"
                            + " (Dashboard.Builder.credentials) or listen on 127.0.0.1");
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException("invalid dashboard settings: " + String.join("; ", problems));
            }
            return loopback;
        }
    }
}
