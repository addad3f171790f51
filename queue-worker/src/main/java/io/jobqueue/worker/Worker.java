package io.jobqueue.worker;

import io.jobqueue.Capability;
import io.jobqueue.InvalidInputException;
import io.jobqueue.JobQueue;
import io.jobqueue.PipelineStats;
import io.jobqueue.Occurrence;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs handlers for the jobs of one or more pipelines: reserves in batches, runs several jobs at once, keeps
 * long jobs reserved, retries failures with backoff, buries a job after its last attempt, deletes succeeded
 * jobs in batches, and shuts down without leaving anything reserved.
 *
 * <pre>{@code
 * JobQueue queue = JobQueue.connect("jdbc:postgresql://db/jobs?user=app");
 * Worker worker = Worker.builder(queue)
 *         .registerWorker("emails", job -> mailer.send(job.payloadAs(Email.class)))
 *         .concurrency(8)
 *         .healthPort(8081)
 *         .build();
 * worker.installShutdownHook(); // SIGTERM or SIGINT shuts down gracefully
 * worker.run();                 // blocks until the worker has shut down
 * }</pre>
 *
 * <h2>Failures</h2>
 * A handler that throws has its job released with exponential backoff and jitter ({@link Builder#backoff});
 * once the job has been reserved {@link Builder#maxAttempts} times it is buried instead, with the exception's
 * class and message as the reason ({@link io.jobqueue.Job#error()} reads it back). Kicking a buried job gives
 * it another run. A failing backend is retried with backoff ({@link Builder#reconnectBackoff}); a delete
 * that never gets through means the job runs again after its TTR, never that it is lost.
 *
 * <h2>Recurring jobs</h2>
 * A worker built with {@link Builder#runSchedules()} also runs the scheduler: every {@link
 * #DEFAULT_SCHEDULE_POLL_INTERVAL} (or the interval given) it enqueues the schedules that are due ({@link
 * JobQueue#runDueSchedules()}), each occurrence once however many workers run it. It stops first at shutdown.
 *
 * <h2>Shutdown</h2>
 * {@link #shutdown()} stops reserving, releases reserved jobs no handler has started, gives running handlers
 * until {@link Builder#shutdownTimeout} to finish, then interrupts them and releases their jobs, and deletes
 * the jobs that succeeded. Nothing stays reserved by a worker that shut down.
 */
public final class Worker implements AutoCloseable {
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final Duration DEFAULT_POOL_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_DEPTH_SAMPLE_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofMinutes(5);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RESERVE_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_INITIAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(10);
    public static final int DEFAULT_RESERVE_THREADS = 1;
    /**
     * How often the scheduler looks for due schedules: an occurrence is enqueued at most this late, and a
     * schedule whose period is shorter than twice this may have occurrences folded into one.
     */
    public static final Duration DEFAULT_SCHEDULE_POLL_INTERVAL = Duration.ofMillis(500);
    static final long DEFAULT_STALL_TIMEOUT_SECONDS = 10;
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(DEFAULT_STALL_TIMEOUT_SECONDS);

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    /** How long shutdown waits for a scheduler round in flight: its backend calls are bounded by callTimeout. */
    private static final Duration SCHEDULER_STOP_WAIT = Duration.ofSeconds(5);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private enum State { NEW, RUNNING, STOPPING, TERMINATED }

    private final WorkerConfig config;
    private final String name;
    private final StopSignal stop = new StopSignal();
    private final Reservations reservations;
    private final Counters counters;
    private final Acknowledger acknowledger;
    private final Toucher toucher;
    private final PoolSizer sizer;
    private final HandlerPool pool;
    private final QueueDepths depths;
    private final Dispatcher dispatcher;
    private final Heartbeat heartbeat;
    private final RecentRate recentRate = new RecentRate(System.nanoTime());
    private final Shutdown shutdownSequence;
    /** The scheduler loop, or null when this worker does not run schedules. */
    private final Scheduler scheduler;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile State state = State.NEW;
    private HealthServer health;
    private Thread shutdownHook;

    private Worker(JobQueue queue, WorkerConfig config, Consumer<Occurrence> scheduleListener) {
        this.config = config;
        this.name = "jobqueue-worker-" + SEQUENCE.incrementAndGet();
        this.sizer = new PoolSizer(name, config.minHandlers(), config.maxHandlers(), config.poolIdleTimeout(),
                System.nanoTime());
        this.reservations = new Reservations(sizer::size, config.maxHandlers(), config.batchSize(),
                config.reserveThreads());
        this.counters = new Counters(config.pipelines(), reservations::size, sizer::size, sizer::busy);
        Backoff reconnect = new Backoff(config.reconnectInitial(), config.reconnectMax());
        Hooks hooks = new Hooks(config.handlers());
        this.acknowledger = new Acknowledger(queue, hooks, config.batchSize(), reconnect, counters,
                new CallWatch("delete", config.stallTimeout()), name + "-acknowledger");
        this.toucher = new Toucher(queue, reservations, name + "-toucher");
        JobRunner runner = new JobRunner(queue, config, reservations, acknowledger, hooks, counters);
        this.pool = new HandlerPool(sizer, runner, stop, name + "-handler-", reservations::resized);
        this.depths = new QueueDepths(queue, config.pipelines(), config.depthSampleInterval(), name + "-depths");
        this.dispatcher = new Dispatcher(queue, config, reservations, pool, counters, stop,
                name + "-dispatcher");
        this.heartbeat = new Heartbeat(queue, counters, config.heartbeatInterval(), config.clock(),
                name + "-heartbeat");
        this.shutdownSequence = new Shutdown(queue, config, reservations, dispatcher, pool, toucher, acknowledger,
                hooks);
        this.scheduler = config.runsSchedules()
                ? new Scheduler(queue, config.schedulePollInterval(), stop, scheduleListener, name + "-scheduler")
                : null;
    }

    /** Starts configuring a worker for {@code queue}; the worker uses the queue's backend, not its pipelines. */
    public static Builder builder(JobQueue queue) {
        return new Builder(Objects.requireNonNull(queue, "queue"));
    }

    /**
     * Starts the threads and returns: the health endpoint (if configured), the acknowledger, the toucher, the
     * handler threads and the reserve loop. A worker starts once.
     *
     * @throws IllegalStateException if the worker was started or shut down before
     * @throws java.io.UncheckedIOException if the health port cannot be bound
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException(name + " cannot start: it is " + state.name().toLowerCase(Locale.ROOT));
        }
        if (config.healthPort() != WorkerConfig.NO_HEALTH_PORT) {
            health = new HealthServer(config.healthPort(), this::healthProblem, this::stats, this::statsJson);
            depths.want(() -> recentRate.sample(System.nanoTime(), finished(counters.snapshot())));
        }
        state = State.RUNNING;
        acknowledger.start();
        toucher.start();
        pool.start();
        dispatcher.start();
        depths.start();
        heartbeat.start();
        if (scheduler != null) {
            scheduler.start();
        }
        if (health != null) {
            health.start();
        }
        log.info("{} started: pipelines {}, concurrency {}, batch size {}, max attempts {}{}{}{}", name,
                config.pipelines(), config.dynamicPool() ? config.minHandlers() + ".." + config.maxHandlers()
                        + " (shrinks after " + config.poolIdleTimeout().toMillis() + " ms idle)"
                        : config.maxHandlers(), config.batchSize(), config.maxAttempts(),
                health == null ? "" : ", health on http://127.0.0.1:" + health.port() + HealthServer.PATH
                        + " and " + HealthServer.STATS_PATH,
                heartbeat.enabled() ? ", recorded as " + heartbeat.id() + " every "
                        + config.heartbeatInterval().toMillis() + " ms" : "",
                scheduler == null ? "" : ", running schedules every " + config.schedulePollInterval().toMillis()
                        + " ms");
    }

    private static long finished(WorkerStats stats) {
        return stats.succeeded() + stats.failed();
    }

    /**
     * The body of {@code GET /stats}: this worker's id, its counts and pool, its jobs finished per second over
     * about the last minute, and each registered pipeline's jobs per state as last sampled (null before the
     * first sample). Pipeline names need no escaping: their legal characters include no quote or backslash.
     */
    String statsJson() {
        WorkerStats now = stats();
        StringBuilder json = new StringBuilder("{\"worker\":\"").append(name).append("\",\"id\":\"")
                .append(heartbeat.id()).append("\",\"pipelines\":{");
        String comma = "";
        for (String pipeline : config.pipelines()) {
            PipelineStats sample = depths.latest(pipeline);
            json.append(comma).append('"').append(pipeline).append("\":");
            json.append(sample == null ? "null" : "{\"ready\":" + sample.ready() + ",\"delayed\":" + sample.delayed()
                    + ",\"reserved\":" + sample.reserved() + ",\"buried\":" + sample.buried() + "}");
            comma = ",";
        }
        json.append("},\"jobsPerSecond\":")
                .append(String.format(Locale.ROOT, "%.2f", recentRate.perSecond(System.nanoTime(), finished(now))))
                .append(',').append(now.toJson().substring(1));
        return json.toString();
    }

    /** Starts the worker and blocks until it has shut down (after {@link #shutdown()}, or a signal). */
    public void run() {
        start();
        try {
            terminated.await();
        } catch (InterruptedException e) {
            log.info("{} interrupted while running; shutting down", name);
            close();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Shuts the worker down gracefully when the JVM is asked to stop (SIGTERM, SIGINT, {@code System.exit}); the
     * JVM waits for the shutdown to complete. A process manager should wait at least {@link #longestShutdown()}
     * (the shutdown timeout plus the reserve timeout plus 16 s of fixed margins) before it kills the process.
     */
    public synchronized void installShutdownHook() {
        if (shutdownHook != null) {
            return;
        }
        Duration wait = shutdownSequence.worstCase();
        shutdownHook = new Thread(() -> {
            log.info("{}: the JVM is stopping; shutting down", name);
            shutdown();
            try {
                if (!awaitTermination(wait)) {
                    log.error("{} did not finish shutting down in {} ms", name, wait.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Begins a graceful shutdown and returns at once; {@link #awaitTermination} waits for it. Calling it again,
     * or on a worker already stopped, does nothing.
     */
    public synchronized void shutdown() {
        stop.set();
        if (state == State.NEW) {
            state = State.TERMINATED;
            terminated.countDown();
        } else if (state == State.RUNNING) {
            state = State.STOPPING;
            Thread thread = new Thread(this::runShutdown, name + "-shutdown");
            thread.start();
        }
    }

    private void runShutdown() {
        try {
            shutdownSequence.run();
        } catch (InterruptedException e) {
            log.error("{}: shutdown interrupted; jobs still held run again after their TTR", name);
        } catch (RuntimeException | Error e) {
            log.error("{}: shutdown failed; jobs still held run again after their TTR", name, e);
        } finally {
            depths.stop();
            heartbeat.stop();
            awaitScheduler();
            HealthServer server;
            synchronized (this) {
                state = State.TERMINATED;
                server = health;
            }
            if (server != null) {
                server.stop(); // outside the lock: stopping waits for a request in progress, which reads the state
            }
            log.info("{} stopped: {}", name, stats());
            terminated.countDown();
        }
    }

    /** The scheduler stopped with the stop signal; a round in flight finishes (its calls are bounded). */
    private void awaitScheduler() {
        if (scheduler == null) {
            return;
        }
        try {
            if (!scheduler.awaitStop(SCHEDULER_STOP_WAIT)) {
                log.warn("{}: the scheduler is still in a round after {} ms; it ends with the JVM", name,
                        SCHEDULER_STOP_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code timeout} for the shutdown to complete; true if it did. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Shuts down and waits for the shutdown to complete. */
    @Override
    public void close() {
        shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                terminated.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        removeShutdownHook();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void removeShutdownHook() {
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException jvmStopping) {
                // the hook is running or about to; it finds the worker stopped
            }
            shutdownHook = null;
        }
    }

    /** Counts since the worker started, and the handler pool now. */
    public WorkerStats stats() {
        return counters.snapshot();
    }

    /** The live counters, for an observer in this package (the metrics binder). */
    Counters counters() {
        return counters;
    }

    /** The sampled queue depths; {@link QueueDepths#want()} turns sampling on before the worker starts. */
    QueueDepths depths() {
        return depths;
    }

    WorkerConfig config() {
        return config;
    }

    /** Reports timings to {@code timings} from now on; before {@link #start()}, so nothing is missed. */
    synchronized void observe(Timings timings) {
        if (state != State.NEW) {
            throw new IllegalStateException(name + ": bind metrics before the worker starts");
        }
        counters.timings = timings;
    }

    /**
     * True while the worker runs and can reach its backend: its last reserve succeeded, or reserves have been
     * failing for less than the longest reconnect backoff; and no reserve or delete has been in flight past its
     * bound (see {@link Builder#stallTimeout}). False before start and from shutdown on.
     */
    public boolean isHealthy() {
        return healthProblem() == null;
    }

    /** Why the worker is not healthy, or null when it is. */
    String healthProblem() {
        State now = state;
        if (now != State.RUNNING) {
            return "the worker is " + now.name().toLowerCase(Locale.ROOT);
        }
        if (!dispatcher.isAlive()) {
            return "the reserve loop has ended";
        }
        if (!dispatcher.reservesHealthy()) {
            return "reserves have been failing for longer than " + config.reconnectMax().toMillis() + " ms";
        }
        String stalled = dispatcher.stalled();
        return stalled != null ? stalled : acknowledger.stalled();
    }

    /** The port the health endpoint listens on, or -1 when it is not configured or not started. */
    public synchronized int healthPort() {
        return health == null ? -1 : health.port();
    }

    /**
     * The longest a graceful shutdown can take: the shutdown timeout, plus the reserve timeout and 10 s for the
     * last reserve to return, 1 s for interrupted handlers to end, and 5 s for the last deletes.
     */
    public Duration longestShutdown() {
        return shutdownSequence.worstCase();
    }

    /**
     * The id this worker is recorded under in the backend's registry ({@link JobQueue#listWorkers()}), unique
     * to this worker in this process.
     */
    public String id() {
        return heartbeat.id();
    }

    /** The name of this worker, used in its thread names and logs. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + " " + config.pipelines();
    }

    /** Collects a worker's settings; {@link #build()} checks them all. */
    public static final class Builder {
        private final JobQueue queue;
        private final Map<String, JobHandler> handlers = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();
        private int minHandlers = DEFAULT_CONCURRENCY;
        private int maxHandlers = DEFAULT_CONCURRENCY;
        private Duration poolIdleTimeout = DEFAULT_POOL_IDLE_TIMEOUT;
        private Duration depthSampleInterval = DEFAULT_DEPTH_SAMPLE_INTERVAL;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Clock clock = Clock.systemUTC();
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration backoffInitial = DEFAULT_BACKOFF_INITIAL;
        private Duration backoffMax = DEFAULT_BACKOFF_MAX;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private Duration reserveTimeout = DEFAULT_RESERVE_TIMEOUT;
        private Integer batchSize;
        private int healthPort = WorkerConfig.NO_HEALTH_PORT;
        private Duration reconnectInitial = DEFAULT_RECONNECT_INITIAL;
        private Duration reconnectMax = DEFAULT_RECONNECT_MAX;
        private int reserveThreads = DEFAULT_RESERVE_THREADS;
        private Duration stallTimeout = DEFAULT_STALL_TIMEOUT;
        private Duration schedulePollInterval;
        private Consumer<Occurrence> scheduleListener = occurrence -> { };

        private Builder(JobQueue queue) {
            this.queue = queue;
        }

        /**
         * Runs {@code handler} for the jobs of {@code pipeline}; one handler per pipeline, many pipelines. A
         * handler that also implements {@link BatchHooks} gets its calls for each reserved and each deleted batch.
         */
        public Builder registerWorker(String pipeline, JobHandler handler) {
            try {
                queue.selectPipeline(pipeline); // checks the name as every add to it would
            } catch (InvalidInputException e) {
                problems.add("registerWorker: " + e.getMessage());
                return this;
            }
            if (handler == null) {
                problems.add("registerWorker: the handler for pipeline '" + pipeline + "' must not be null");
            } else if (handlers.putIfAbsent(pipeline, handler) != null) {
                problems.add("registerWorker: pipeline '" + pipeline + "' already has a handler; register one"
                        + " handler per pipeline");
            }
            return this;
        }

        /** How many jobs run at once in this process: a fixed pool ({@value Worker#DEFAULT_CONCURRENCY} by default). */
        public Builder concurrency(int jobsAtOnce) {
            this.minHandlers = jobsAtOnce;
            this.maxHandlers = jobsAtOnce;
            return this;
        }

        /**
         * A pool that sizes itself: it starts with {@code min} handler threads, adds threads while jobs wait and
         * every handler is busy (as many as jobs wait, up to {@code max}), and retires threads the load has not
         * needed for {@link #poolIdleTimeout} (down to {@code min}). The reserve batch and the jobs held follow
         * the pool's size, so a small pool does not hold a large pool's jobs. Each change is logged with why.
         */
        public Builder concurrency(int min, int max) {
            this.minHandlers = min;
            this.maxHandlers = max;
            return this;
        }

        /**
         * How long a dynamic pool must have had more handlers than it needed before it shrinks: to the most
         * handlers busy at once over that time, never below its minimum (60 s by default). The pool shrinks
         * between one and two of these after the load drops.
         */
        public Builder poolIdleTimeout(Duration timeout) {
            this.poolIdleTimeout = timeout;
            return this;
        }

        /**
         * How often the jobs per state of each pipeline are sampled for metrics and stats (10 s by default);
         * nothing is sampled unless metrics are bound.
         */
        public Builder depthSampleInterval(Duration interval) {
            this.depthSampleInterval = interval;
            return this;
        }

        /**
         * How often the worker records itself (id, host, pid, pipelines, pool, counts) in the backend's registry,
         * where {@link JobQueue#listWorkers()} and the dashboard read it (5 s by default; zero for never). A worker
         * silent for three intervals is listed dead; one that shuts down cleanly removes itself. Only on a backend
         * with {@link io.jobqueue.Capability#WORKER_REGISTRY} (the JDBC ones); elsewhere nothing is recorded.
         */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = interval;
            return this;
        }

        /** The clock a job's wait since it was added is measured with (the system's by default). */
        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * After this many reservations a failing job is buried instead of retried
         * ({@value Worker#DEFAULT_MAX_ATTEMPTS} by default).
         */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /** The delay before a failed job runs again: doubles per attempt from {@code initial} up to {@code max}. */
        public Builder backoff(Duration initial, Duration max) {
            this.backoffInitial = initial;
            this.backoffMax = max;
            return this;
        }

        /** How long running handlers get to finish at shutdown before they are interrupted (30 s by default). */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = timeout;
            return this;
        }

        /** How long one reserve call waits for a job (1 s by default); also bounds how soon shutdown begins. */
        public Builder reserveTimeout(Duration timeout) {
            this.reserveTimeout = timeout;
            return this;
        }

        /**
         * How many jobs one reserve takes, and one delete acknowledges (the concurrency, or the maximum of a
         * dynamic pool, by default). A dynamic pool below its maximum reserves a proportional share of it.
         */
        public Builder batchSize(int jobs) {
            this.batchSize = jobs;
            return this;
        }

        /**
         * How many threads reserve batches at once ({@value Worker#DEFAULT_RESERVE_THREADS} by default). More
         * than one overlaps reserve round trips: for many short jobs on a database where one reserve of a
         * batch takes longer than the handlers need to run it.
         */
        public Builder reserveThreads(int threads) {
            this.reserveThreads = threads;
            return this;
        }

        /** Serves {@code GET /health} on 127.0.0.1:{@code port} (0 for any free port); off by default. */
        public Builder healthPort(int port) {
            this.healthPort = port;
            return this;
        }

        /** The delay before a failed backend call is tried again: doubles from {@code initial} up to {@code max}. */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            this.reconnectInitial = initial;
            this.reconnectMax = max;
            return this;
        }

        /**
         * How long a backend call may stay in flight (beyond a reserve's own timeout) before the worker reports
         * itself unhealthy: {@link #isHealthy()} turns false and {@code /health} answers 503 while a reserve or
         * a delete has not returned within its bound, as against a frozen server ({@value
         * #DEFAULT_STALL_TIMEOUT_SECONDS} s by default).
         */
        public Builder stallTimeout(Duration timeout) {
            this.stallTimeout = timeout;
            return this;
        }

        /**
         * Also runs the scheduler, looking for due schedules every {@link #DEFAULT_SCHEDULE_POLL_INTERVAL}: see
         * {@link JobQueue#schedule} and {@link JobQueue#runDueSchedules()}. Needs a backend with {@link
         * Capability#SCHEDULES}.
         */
        public Builder runSchedules() {
            return runSchedules(DEFAULT_SCHEDULE_POLL_INTERVAL);
        }

        /**
         * Also runs the scheduler, looking for due schedules every {@code pollInterval} (10 ms to 1 min). Poll
         * more often than half the shortest schedule's period, or occurrences are folded into one as missed.
         */
        public Builder runSchedules(Duration pollInterval) {
            this.schedulePollInterval = pollInterval;
            if (pollInterval == null) {
                problems.add("runSchedules poll interval must not be null");
            }
            return this;
        }

        /** Called on the scheduler's thread with each occurrence this worker enqueued; for tests. */
        Builder scheduleListener(Consumer<Occurrence> listener) {
            this.scheduleListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Checks every setting and builds the worker.
         *
         * @throws InvalidInputException naming each setting that is wrong
         */
        public Worker build() {
            int batch = batchSize == null ? Math.max(1, maxHandlers) : batchSize;
            WorkerConfig config = new WorkerConfig(handlers, minHandlers, maxHandlers, poolIdleTimeout, maxAttempts,
                    backoffInitial, backoffMax, shutdownTimeout, reserveTimeout, batch, healthPort, reconnectInitial,
                    reconnectMax, reserveThreads, stallTimeout, depthSampleInterval, heartbeatInterval, clock,
                    schedulePollInterval);
            List<String> all = new ArrayList<>(problems);
            if (schedulePollInterval != null && !queue.capabilities().contains(Capability.SCHEDULES)) {
                all.add("runSchedules: this backend cannot hold schedules (it lacks the capability SCHEDULES)");
            }
            all.addAll(config.problems());
            if (!all.isEmpty()) {
                throw new InvalidInputException("invalid worker settings: " + String.join("; ", all));
            }
            return new Worker(queue, config, scheduleListener);
        }
    }
}
