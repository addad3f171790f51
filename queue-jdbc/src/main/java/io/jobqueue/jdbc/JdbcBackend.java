package io.jobqueue.jdbc;

import io.jobqueue.BackendException;
import io.jobqueue.Capability;
import io.jobqueue.InvalidInputException;
import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.Outcome;
import io.jobqueue.PipelineLimits;
import io.jobqueue.PipelineStats;
import io.jobqueue.Schedule;
import io.jobqueue.QueueSettings;
import io.jobqueue.WorkerRecord;
import io.jobqueue.spi.AddRequest;
import io.jobqueue.spi.BuryRequest;
import io.jobqueue.spi.DeleteRequest;
import io.jobqueue.spi.HeartbeatRequest;
import io.jobqueue.spi.EnqueueOccurrenceRequest;
import io.jobqueue.spi.JobRef;
import io.jobqueue.spi.KickJobRequest;
import io.jobqueue.spi.KickRequest;
import io.jobqueue.spi.LimitsRequest;
import io.jobqueue.spi.LimitsStateRequest;
import io.jobqueue.spi.ListJobsRequest;
import io.jobqueue.spi.ListSchedulesRequest;
import io.jobqueue.spi.NewJob;
import io.jobqueue.Outcome;
import io.jobqueue.spi.PeekRequest;
import io.jobqueue.spi.PauseRequest;
import io.jobqueue.spi.PauseStateRequest;
import io.jobqueue.spi.PeekRequest;
import io.jobqueue.spi.PeekStateRequest;
import io.jobqueue.spi.PutScheduleRequest;
import io.jobqueue.spi.QueueBackend;
import io.jobqueue.spi.ReleaseRequest;
import io.jobqueue.spi.RemoveWorkerRequest;
import io.jobqueue.spi.RemoveScheduleRequest;
import io.jobqueue.spi.ReserveRequest;
import io.jobqueue.spi.StatsRequest;
import io.jobqueue.spi.TouchRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The JDBC backend: one table of jobs on SQLite, PostgreSQL or MySQL/MariaDB. Thread-safe; every operation
 * borrows a pooled connection for as long as its statements run, never while a reserve waits. On PostgreSQL
 * one connection is held to LISTEN for new jobs, so waiting reserves wake at once. This class holds the
 * transactions and the mapping of rows changed to outcomes; the SQL is in {@link CommonStatements} and the
 * {@link Dialect}s.
 *
 * <p>Options ({@link QueueSettings#options()}): {@code table} (default {@value Table#DEFAULT_NAME}),
 * {@code dialect} ({@code sqlite}, {@code postgresql}, {@code mysql}, {@code mariadb}; detected from the
 * connection when unset), {@code poolSize} (for a pool made from a URL, default 10). Any other option is
 * refused.
 */
public final class JdbcBackend implements QueueBackend {
    public static final String TABLE = "table";
    public static final String DIALECT = "dialect";
    public static final String POOL_SIZE = "poolSize";
    public static final int DEFAULT_POOL_SIZE = 10;
    static final int MAX_POOL_SIZE = 1_000;
    /** The options this backend reads; any other is refused, so a mistyped one is not silently ignored. */
    static final Set<String> OPTIONS = Set.of(TABLE, DIALECT, POOL_SIZE);

    private final DataSource dataSource;
    /** The pool made from a URL (HikariCP, named only in {@link DataSources}), or null for a caller's DataSource. */
    private final AutoCloseable ownPool;
    private final Dialect dialect;
    private final Table table;
    private final CommonStatements statements;
    private final WorkerStatements workers;
    private final ScheduleStatements schedules;
    private final LimitStatements limits;
    private final Sql sql;
    private final Clock clock;
    private final long pollNanos;
    private final PollBackoff poll;
    private final Set<Capability> capabilities;
    private final Signal signal;
    private final AtomicLong lastBuryStamp = new AtomicLong();
    /** Marks the reservations this backend makes (see {@link #newToken()}). */
    private final long owner = newOwner();
    private volatile PostgresListener listener;
    private volatile boolean closed;

    private JdbcBackend(DataSource dataSource, AutoCloseable ownPool, QueueSettings settings, boolean shared,
            String database) {
        this.dataSource = dataSource;
        this.ownPool = ownPool;
        String tableName = Table.checkName(settings.option(TABLE, Table.DEFAULT_NAME));
        this.clock = settings.clock();
        this.pollNanos = settings.pollInterval().toNanos();
        this.poll = new PollBackoff(pollNanos);
        this.dialect = Dialects.choose(dataSource, settings.option(DIALECT, null));
        this.table = Table.of(tableName, dialect);
        this.signal = Signal.of(database, tableName);
        this.statements = new CommonStatements(table, dialect);
        this.workers = new WorkerStatements(table);
        this.schedules = new ScheduleStatements(table, dialect);
        this.limits = new LimitStatements(table, dialect);
        // Reads from a server are bounded by callTimeout: a pool this backend built sets the driver's socket
        // timeout on each physical connection (DataSources), which costs nothing per call; a caller's DataSource
        // gets a network timeout on each borrowed connection instead. SQLite is a file in this process: there is
        // no server to stop answering, and its waits are bounded by the busy timeout.
        boolean boundedByDriver = ownPool != null || dialect instanceof SqliteDialect;
        this.sql = new Sql(dataSource, dialect, boundedByDriver ? Duration.ZERO : settings.callTimeout());
        this.capabilities = shared
                ? EnumSet.of(Capability.FENCING, Capability.TRANSACTIONAL_ADD, Capability.BURY_REASON,
                        Capability.SHARED_BETWEEN_PROCESSES, Capability.PEEK, Capability.DELETE_BY_ID,
                        Capability.KICK_BY_ID, Capability.PRIORITY_ORDER, Capability.RESERVED_COUNT,
                        Capability.PAUSE, Capability.UNIQUE_JOBS, Capability.LIST_BY_STATE,
                        Capability.WORKER_REGISTRY, Capability.SCHEDULES, Capability.PIPELINE_LIMITS)
                : EnumSet.of(Capability.FENCING, Capability.TRANSACTIONAL_ADD, Capability.BURY_REASON,
                        Capability.PEEK, Capability.DELETE_BY_ID, Capability.KICK_BY_ID, Capability.PRIORITY_ORDER,
                        Capability.RESERVED_COUNT, Capability.PAUSE, Capability.UNIQUE_JOBS, Capability.LIST_BY_STATE,
                        Capability.WORKER_REGISTRY, Capability.SCHEDULES, Capability.PIPELINE_LIMITS);
        Schema.ensure(sql, dialect, table);
    }

    /** Starts listening for new jobs on the first reserve, so a process that only adds jobs holds no listener. */
    private void listenOnce() {
        if (listener == null && dialect instanceof PostgresDialect) {
            synchronized (this) {
                if (listener == null && !closed) {
                    listener = new PostgresListener(dataSource, PostgresDialect.channel(table), signal);
                }
            }
        }
    }

    /** The PostgreSQL listener, once the first reserve started it; null before and on other databases. */
    PostgresListener listener() {
        return listener;
    }

    /** What wakes this backend's waiting reserves. */
    Signal signal() {
        return signal;
    }

    /** A backend over the caller's {@link DataSource}, which the caller keeps and closes. */
    public static JdbcBackend create(DataSource dataSource, QueueSettings settings) {
        if (dataSource == null) {
            throw new InvalidInputException("dataSource must not be null");
        }
        settings.requireKnownOptions("JDBC", OPTIONS);
        return new JdbcBackend(dataSource, null, settings, true,
                "DataSource@" + Integer.toHexString(System.identityHashCode(dataSource)));
    }

    /** A queue over the caller's {@link DataSource}. */
    public static JobQueue queue(DataSource dataSource, QueueSettings settings) {
        return JobQueue.create(create(dataSource, settings), settings);
    }

    /** A backend with its own connection pool for {@code url}; closing the backend closes the pool. */
    public static JdbcBackend open(String url, QueueSettings settings) {
        settings.requireKnownOptions("JDBC", OPTIONS);
        int poolSize = settings.intOption(POOL_SIZE, DEFAULT_POOL_SIZE, 1, MAX_POOL_SIZE);
        JdbcUrls.Connect connect = JdbcUrls.driverFor(url);
        JdbcUrls.requirePool();
        DataSource pool;
        try {
            pool = DataSources.create(url, connect, poolSize, settings);
        } catch (RuntimeException e) {
            throw ConnectFailures.of(url, e);
        }
        try {
            // An in-memory SQLite database is private to its pool: its signal must be too.
            String database = JdbcUrls.isSqliteMemory(url) ? "memory@" + Integer.toHexString(System.identityHashCode(pool))
                    : url;
            return new JdbcBackend(pool, (AutoCloseable) pool, settings, !JdbcUrls.isSqliteMemory(url), database);
        } catch (RuntimeException e) {
            closePool((AutoCloseable) pool);
            throw e;
        }
    }

    /** The dialect in use: {@code sqlite}, {@code postgresql}, {@code mysql} or {@code mariadb}. */
    public String dialectName() {
        return dialect.name();
    }

    public String tableName() {
        return table.name();
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public List<Long> add(AddRequest request) {
        long now = clock.millis();
        if (request.transaction() != null) {
            try {
                return dialect.insert(request.transaction(), table, request.pipeline(), request.jobs(), now);
            } catch (SQLException e) {
                throw sql.failure("adding jobs in the caller's transaction", e);
            }
        }
        List<Long> ids = dialect.insertIsAtomicAlone(request.jobs())
                ? sql.write("adding a job", c -> dialect.insert(c, table, request.pipeline(), request.jobs(), now))
                : sql.transaction("adding jobs", c -> dialect.insert(c, table, request.pipeline(), request.jobs(), now));
        signal.fire();
        return ids;
    }

    @Override
    public List<Job> reserve(ReserveRequest request) {
        listenOnce();
        long deadline = System.nanoTime() + request.timeoutNanos();
        // The first look, and a look after this process added or freed a job, reserve at once; a poll (the wait
        // ran out) first reads whether anything is ready, so an empty one writes nothing.
        boolean woken = true;
        while (true) {
            long seen = signal.version();
            if (woken || anyReady(request)) {
                List<Job> jobs = reserveNow(request);
                if (!jobs.isEmpty()) {
                    poll.found();
                    return jobs;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            try {
                signal.await(seen, Math.min(left, pollWaitNanos()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
            woken = signal.version() != seen;
        }
    }

    private boolean anyReady(ReserveRequest r) {
        return sql.autocommit("looking for ready jobs",
                c -> dialect.anyReady(c, table, r.pipelines(), clock.millis()));
    }

    /**
     * How long a waiting reserve waits before it looks again: the poll interval while PostgreSQL notifications
     * wake it (polling is then only the fallback), else the {@link PollBackoff}'s wait.
     */
    private long pollWaitNanos() {
        PostgresListener l = listener;
        return l != null && l.isListening() ? pollNanos : poll.nextWaitNanos();
    }

    /**
     * One reserve: where the database allows, first as one statement on its own that reserves only if no watched
     * pipeline has limits (one round trip); otherwise, or if one has, in a transaction that locks the limits.
     */
    private List<Job> reserveNow(ReserveRequest r) {
        long token = newToken();
        if (dialect.relaxesInStatement()) {
            List<Job> jobs = sql.write("reserving jobs", c -> dialect.reserveUnlessLimited(c, table,
                    r.pipelines(), r.maxJobs(), clock.millis(), token));
            if (jobs != null) {
                return jobs;
            }
        }
        return sql.relaxedTransaction("reserving jobs",
                c -> limits.reserve(c, r.pipelines(), r.maxJobs(), clock.millis(), token));
    }

    /**
     * A reservation token: this backend's {@link #owner} in the high 32 bits, 32 random bits below; positive,
     * never {@link Job#NO_RESERVATION}. The random half tells two reservations of one job apart (fencing); the
     * owner half makes a reservation belong to the backend that made it, as a reservation on beanstalkd belongs
     * to its connection: another {@code JobQueue} handed the {@code Job} gets RESERVATION_LOST.
     */
    private long newToken() {
        return (owner << 32) | (ThreadLocalRandom.current().nextInt() & 0xFFFF_FFFFL);
    }

    /** Whether {@code ref}'s reservation was made by this backend (a job held elsewhere is not ours to settle). */
    private boolean ours(JobRef ref) {
        return ref.reservation() >>> 32 == owner;
    }

    /** A random number in [1, 2^31): tokens made here start with it, so they are positive and never 0. */
    private static long newOwner() {
        return ThreadLocalRandom.current().nextLong(1, 1L << 31);
    }

    @Override
    public List<Outcome> delete(DeleteRequest request) {
        List<JobRef> refs = request.jobs();
        if (refs.stream().anyMatch(ref -> ref.reserved() && !ours(ref))) {
            return deleteSkippingOthers(request);
        }
        List<JobRef> held = refs.stream().filter(JobRef::reserved).toList();
        boolean acknowledgementsOnly = held.size() == refs.size();
        if (acknowledgementsOnly && !held.isEmpty() && dialect.relaxesInStatement()) {
            // One statement on its own; the reads telling why a job was not deleted come after its commit, as
            // they would in a transaction at READ COMMITTED.
            return sql.write("deleting jobs", c -> {
                long now = clock.millis();
                return outcomes(c, refs, dialect.acknowledge(c, table, held, now), now);
            });
        }
        Sql.Work<List<Outcome>> work = c -> {
            long now = clock.millis();
            return outcomes(c, refs, held.isEmpty() ? new int[0] : dialect.deleteHeld(c, table, held, now), now);
        };
        return acknowledgementsOnly ? sql.relaxedTransaction("deleting jobs", work)
                : sql.transaction("deleting jobs", work);
    }

    /** Per job: DONE where {@code heldCounts} (for the held ones, in order) or a delete now removed it, else why not. */
    private List<Outcome> outcomes(Connection c, List<JobRef> refs, int[] heldCounts, long now) throws SQLException {
        List<Outcome> result = new ArrayList<>(refs.size());
        int h = 0;
        for (JobRef ref : refs) {
            int count = ref.reserved() ? heldCounts[h++] : statements.deleteUnheld(c, ref.id(), now);
            result.add(count > 0 ? Outcome.DONE : whyNot(c, ref.id(), count < 0));
        }
        return result;
    }

    /** A delete in which some jobs are held under reservations made elsewhere: those are refused, untouched. */
    private List<Outcome> deleteSkippingOthers(DeleteRequest request) {
        List<JobRef> mine = request.jobs().stream().filter(ref -> !ref.reserved() || ours(ref)).toList();
        Iterator<Outcome> done = (mine.isEmpty() ? List.<Outcome>of() : delete(new DeleteRequest(mine))).iterator();
        return request.jobs().stream()
                .map(ref -> !ref.reserved() || ours(ref) ? done.next() : Outcome.RESERVATION_LOST).toList();
    }

    @Override
    public Outcome release(ReleaseRequest r) {
        Outcome outcome = updateHeld("releasing job " + r.job().id(), r.job(),
                (c, now) -> statements.release(c, r.job(), r.priority(), now + r.delay().toMillis(), now));
        signal.fire();
        return outcome;
    }

    @Override
    public Outcome bury(BuryRequest r) {
        return updateHeld("burying job " + r.job().id(), r.job(),
                (c, now) -> statements.bury(c, r.job(), r.priority(), buryStamp(now), r.reason(), now));
    }

    /**
     * The {@code buried_at} of a bury now: microseconds since the epoch, strictly increasing within this process,
     * so jobs buried within one millisecond still come out of {@code getNextBuriedJob} in the order buried.
     */
    private long buryStamp(long nowMillis) {
        return lastBuryStamp.updateAndGet(last -> Math.max(last + 1, nowMillis * 1000));
    }

    @Override
    public Outcome touch(TouchRequest r) {
        return updateHeld("touching job " + r.job().id(), r.job(), (c, now) -> statements.touch(c, r.job(), now));
    }

    @Override
    public Outcome kickJob(KickJobRequest r) {
        int count = sql.write("kicking job " + r.id(), c -> statements.kickJob(c, r.id(), clock.millis()));
        if (count == 0) {
            return Outcome.NOT_FOUND;
        }
        signal.fire();
        return Outcome.DONE;
    }

    @Override
    public int kick(KickRequest r) {
        int kicked = sql.transaction("kicking jobs of " + r.pipeline(),
                c -> statements.kick(c, r.pipeline(), r.max(), clock.millis()));
        if (kicked > 0) {
            signal.fire();
        }
        return kicked;
    }

    @Override
    public Optional<Job> peek(PeekRequest r) {
        return sql.autocommit("peeking job " + r.id(), c -> statements.peek(c, r.id(), clock.millis()));
    }

    @Override
    public Optional<Job> peek(PeekStateRequest r) {
        return sql.autocommit("peeking " + r.state() + " jobs of " + r.pipeline(),
                c -> statements.peek(c, r.pipeline(), r.state(), clock.millis()));
    }

    @Override
    public List<Job> listJobs(ListJobsRequest r) {
        return sql.autocommit("listing " + r.state() + " jobs of " + r.pipeline(),
                c -> statements.list(c, r.pipeline(), r.state(), r.afterId(), r.limit(), clock.millis()));
    }

    @Override
    public PipelineStats stats(StatsRequest r) {
        return sql.autocommit("counting jobs of " + r.pipeline(), c -> statements.stats(c, r.pipeline(), clock.millis()));
    }

    /** A row in the pipelines table, read by every reserve's statement: every process sees it at its next reserve. */
    @Override
    public void pause(PauseRequest r) {
        if (r.paused()) {
            sql.write("pausing " + r.pipeline(), c -> {
                dialect.pause(c, table, r.pipeline(), clock.millis());
                return null;
            });
        } else {
            sql.write("resuming " + r.pipeline(), c -> {
                statements.resume(c, r.pipeline());
                return null;
            });
            signal.fire();
        }
    }

    @Override
    public boolean isPaused(PauseStateRequest r) {
        return sql.autocommit("reading whether " + r.pipeline() + " is paused", c -> statements.isPaused(c, r.pipeline()));
    }

    /** A row in the pipelines table, which every reserve of the pipeline locks and reads. */
    @Override
    public void setLimits(LimitsRequest r) {
        sql.write("limiting " + r.pipeline(), c -> {
            limits.set(c, r.pipeline(), r.limits(), clock.millis());
            return null;
        });
        signal.fire();
    }

    @Override
    public PipelineLimits limits(LimitsStateRequest r) {
        return sql.autocommit("reading the limits of " + r.pipeline(), c -> limits.read(c, r.pipeline()));
    }

    @Override
    public void heartbeat(HeartbeatRequest r) {
        sql.write("recording worker " + r.worker().id(), c -> {
            workers.heartbeat(c, r.worker(), clock.millis(), r.forgetAfterMillis());
            return null;
        });
    }

    @Override
    public void removeWorker(RemoveWorkerRequest r) {
        sql.write("removing worker " + r.id(), c -> {
            workers.remove(c, r.id());
            return null;
        });
    }

    @Override
    public List<WorkerRecord> listWorkers() {
        return sql.autocommit("listing workers", c -> workers.list(c, clock.millis()));
    }

    @Override
    public Schedule putSchedule(PutScheduleRequest r) {
        return sql.transaction("storing schedule " + r.schedule().name(),
                c -> schedules.put(c, r.schedule(), clock.millis()));
    }

    @Override
    public boolean removeSchedule(RemoveScheduleRequest r) {
        return sql.write("removing schedule " + r.name(), c -> schedules.remove(c, r.name()));
    }

    @Override
    public List<Schedule> listSchedules(ListSchedulesRequest r) {
        Long dueBy = r.dueBy() == null ? null : r.dueBy().toEpochMilli();
        return sql.autocommit("listing schedules", c -> schedules.list(c, dueBy));
    }

    /** The conditional move of the next run and the job's insert, in one transaction (see {@link ScheduleStatements}). */
    @Override
    public Optional<Long> enqueueOccurrence(EnqueueOccurrenceRequest r) {
        Schedule due = r.due();
        NewJob job = new NewJob(due.payload(), due.priority(), Duration.ZERO, due.ttr());
        Optional<Long> id = sql.transaction("enqueueing schedule " + due.name(), c -> {
            if (schedules.advance(c, due.name(), due.nextRunAt().toEpochMilli(), r.nextRunAt().toEpochMilli()) == 0) {
                return Optional.<Long>empty();
            }
            return Optional.of(dialect.insert(c, table, due.pipeline(), List.of(job), clock.millis()).get(0));
        });
        if (id.isPresent()) {
            signal.fire();
        }
        return id;
    }

    @Override
    public List<String> pipelines() {
        return sql.autocommit("listing pipelines", statements::pipelines);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        if (listener != null) {
            listener.close();
        }
        if (ownPool != null) {
            closePool(ownPool);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface HeldUpdate {
        /** Runs the update at {@code now}; returns the rows changed. */
        int run(Connection c, long now) throws SQLException;
    }

    /** An update of a job the caller holds: DONE, or why not. */
    private Outcome updateHeld(String what, JobRef ref, HeldUpdate update) {
        if (!ours(ref)) {
            return Outcome.RESERVATION_LOST;
        }
        return sql.write(what, c -> update.run(c, clock.millis()) > 0 ? Outcome.DONE : whyNot(c, ref.id(), false));
    }

    /**
     * Why an operation on a job changed nothing: the job is gone, or it is held under another reservation.
     * With {@code countUnknown} (a driver that reports no per-row count for a batch) a job that is gone was
     * deleted by this batch.
     */
    private Outcome whyNot(Connection c, long id, boolean countUnknown) throws SQLException {
        if (statements.exists(c, id)) {
            return Outcome.RESERVATION_LOST;
        }
        return countUnknown ? Outcome.DONE : Outcome.NOT_FOUND;
    }

    private static void closePool(AutoCloseable pool) {
        try {
            pool.close();
        } catch (Exception e) {
            throw new BackendException("closing the connection pool failed: " + e.getMessage(), e);
        }
    }

}
