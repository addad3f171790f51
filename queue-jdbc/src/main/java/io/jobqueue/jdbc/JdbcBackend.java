package io.jobqueue.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.jobqueue.BackendException;
import io.jobqueue.InvalidInputException;
import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.PipelineStats;
import io.jobqueue.QueueSettings;
import io.jobqueue.spi.AddRequest;
import io.jobqueue.spi.BuryRequest;
import io.jobqueue.Capability;
import io.jobqueue.spi.DeleteRequest;
import io.jobqueue.spi.JobRef;
import io.jobqueue.spi.KickJobRequest;
import io.jobqueue.spi.KickRequest;
import io.jobqueue.Outcome;
import io.jobqueue.spi.PeekRequest;
import io.jobqueue.spi.PeekStateRequest;
import io.jobqueue.spi.QueueBackend;
import io.jobqueue.spi.ReleaseRequest;
import io.jobqueue.spi.ReserveRequest;
import io.jobqueue.spi.StatsRequest;
import io.jobqueue.spi.TouchRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The JDBC backend: one table of jobs on SQLite, PostgreSQL or MySQL/MariaDB. Thread-safe; every operation
 * borrows a pooled connection for as long as its statements run, never while a reserve waits. On PostgreSQL
 * one connection is held to LISTEN for new jobs, so waiting reserves wake at once.
 *
 * <p>Options ({@link QueueSettings#options()}): {@code table} (default {@value Table#DEFAULT_NAME}),
 * {@code dialect} ({@code sqlite}, {@code postgresql}, {@code mysql}, {@code mariadb}; detected from the
 * connection when unset), {@code poolSize} (for a pool made from a URL, default 10).
 */
public final class JdbcBackend implements QueueBackend {
    public static final String TABLE = "table";
    public static final String DIALECT = "dialect";

    private final DataSource dataSource;
    private final HikariDataSource ownPool;
    private final Dialect dialect;
    private final Table table;
    private final Sql sql;
    private final Clock clock;
    private final long pollNanos;
    private final Set<Capability> capabilities;
    private final Signal signal = new Signal();
    private final AtomicLong lastBuryStamp = new AtomicLong();
    private volatile PostgresListener listener;
    private volatile boolean closed;

    private JdbcBackend(DataSource dataSource, HikariDataSource ownPool, QueueSettings settings, boolean shared) {
        this.dataSource = dataSource;
        this.ownPool = ownPool;
        this.table = new Table(settings.option(TABLE, Table.DEFAULT_NAME));
        this.clock = settings.clock();
        this.pollNanos = settings.pollInterval().toNanos();
        this.dialect = Dialects.choose(dataSource, settings.option(DIALECT, null));
        this.sql = new Sql(dataSource, dialect);
        this.capabilities = shared
                ? EnumSet.of(Capability.FENCING, Capability.TRANSACTIONAL_ADD, Capability.BURY_REASON,
                        Capability.SHARED_BETWEEN_PROCESSES, Capability.PEEK, Capability.DELETE_BY_ID,
                        Capability.KICK_BY_ID, Capability.PRIORITY_ORDER, Capability.RESERVED_COUNT)
                : EnumSet.of(Capability.FENCING, Capability.TRANSACTIONAL_ADD, Capability.BURY_REASON,
                        Capability.PEEK, Capability.DELETE_BY_ID, Capability.KICK_BY_ID, Capability.PRIORITY_ORDER,
                        Capability.RESERVED_COUNT);
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

    /** A backend over the caller's {@link DataSource}, which the caller keeps and closes. */
    public static JdbcBackend create(DataSource dataSource, QueueSettings settings) {
        if (dataSource == null) {
            throw new InvalidInputException("dataSource must not be null");
        }
        return new JdbcBackend(dataSource, null, settings, true);
    }

    /** A queue over the caller's {@link DataSource}. */
    public static JobQueue queue(DataSource dataSource, QueueSettings settings) {
        return JobQueue.create(create(dataSource, settings), settings);
    }

    /** A backend with its own connection pool for {@code url}; closing the backend closes the pool. */
    public static JdbcBackend open(String url, QueueSettings settings) {
        HikariDataSource pool;
        try {
            pool = DataSources.create(url, settings);
        } catch (RuntimeException e) {
            throw new BackendException("cannot connect to " + url.replaceAll("password=[^&;]*", "password=***") + ": "
                    + e.getMessage(), e);
        }
        try {
            return new JdbcBackend(pool, pool, settings, !DataSources.isSqliteMemory(url));
        } catch (RuntimeException e) {
            pool.close();
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
        List<Long> ids = dialect.insertIsOneStatement(request.jobs().size())
                ? sql.autocommit("adding a job", c -> dialect.insert(c, table, request.pipeline(), request.jobs(), now))
                : sql.transaction("adding jobs", c -> dialect.insert(c, table, request.pipeline(), request.jobs(), now));
        signal.fire();
        return ids;
    }

    @Override
    public List<Job> reserve(ReserveRequest request) {
        listenOnce();
        long deadline = System.nanoTime() + saturatedNanos(request.timeout());
        while (true) {
            long seen = signal.version();
            List<Job> jobs = reserveNow(request);
            if (!jobs.isEmpty()) {
                return jobs;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            try {
                signal.await(seen, Math.min(left, pollNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }

    private List<Job> reserveNow(ReserveRequest r) {
        return sql.transaction("reserving jobs", c -> {
            dialect.relaxDurability(c);
            return dialect.reserve(c, table, r.pipelines(), r.maxJobs(), clock.millis(), newToken());
        });
    }

    /** A reservation token: random, positive, never {@link Job#NO_RESERVATION}. */
    private static long newToken() {
        long token;
        do {
            token = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
        } while (token == Job.NO_RESERVATION);
        return token;
    }

    @Override
    public List<Outcome> delete(DeleteRequest request) {
        List<JobRef> refs = request.jobs();
        List<JobRef> held = refs.stream().filter(JobRef::reserved).toList();
        boolean acknowledgementsOnly = held.size() == refs.size();
        return sql.transaction("deleting jobs", c -> {
            if (acknowledgementsOnly) {
                dialect.relaxDurability(c);
            }
            long now = clock.millis();
            int[] heldCounts = held.isEmpty() ? new int[0] : dialect.deleteHeld(c, table, held, now);
            List<Outcome> result = new ArrayList<>(refs.size());
            int h = 0;
            for (JobRef ref : refs) {
                int count;
                if (ref.reserved()) {
                    count = heldCounts[h++];
                } else {
                    try (PreparedStatement unheld = c.prepareStatement(table.deleteUnheld())) {
                        unheld.setLong(1, ref.id());
                        unheld.setLong(2, now);
                        count = unheld.executeUpdate();
                    }
                }
                result.add(count > 0 ? Outcome.DONE : whyNot(c, ref.id(), count < 0));
            }
            return result;
        });
    }

    @Override
    public Outcome release(ReleaseRequest r) {
        Outcome outcome = updateHeld("releasing job " + r.job().id(), table.release(), r.job(), (ps, now) -> {
            ps.setLong(1, r.priority());
            ps.setLong(2, now + r.delay().toMillis());
            return 3;
        });
        signal.fire();
        return outcome;
    }

    @Override
    public Outcome bury(BuryRequest r) {
        return updateHeld("burying job " + r.job().id(), table.bury(), r.job(), (ps, now) -> {
            ps.setLong(1, r.priority());
            ps.setLong(2, buryStamp(now));
            ps.setString(3, r.reason());
            return 4;
        });
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
        return updateHeld("touching job " + r.job().id(), table.touch(), r.job(), (ps, now) -> {
            ps.setLong(1, now);
            return 2;
        });
    }

    @Override
    public Outcome kickJob(KickJobRequest r) {
        int count = sql.autocommit("kicking job " + r.id(), c -> {
            long now = clock.millis();
            try (PreparedStatement ps = c.prepareStatement(table.kickJob())) {
                ps.setLong(1, now);
                ps.setLong(2, r.id());
                ps.setLong(3, now);
                return ps.executeUpdate();
            }
        });
        if (count == 0) {
            return Outcome.NOT_FOUND;
        }
        signal.fire();
        return Outcome.DONE;
    }

    @Override
    public int kick(KickRequest r) {
        int kicked = sql.transaction("kicking jobs of " + r.pipeline(), c -> {
            long now = clock.millis();
            List<Long> ids = selectIds(c, dialect.lockIds(table.buriedIds()), r.pipeline(), null, r.max());
            if (ids.isEmpty()) {
                ids = selectIds(c, dialect.lockIds(table.delayedIds()), r.pipeline(), now, r.max());
            }
            if (ids.isEmpty()) {
                return 0;
            }
            try (PreparedStatement ps = c.prepareStatement(table.kickIds(ids.size()))) {
                ps.setLong(1, now);
                for (int i = 0; i < ids.size(); i++) {
                    ps.setLong(2 + i, ids.get(i));
                }
                ps.setLong(2 + ids.size(), now);
                return ps.executeUpdate();
            }
        });
        if (kicked > 0) {
            signal.fire();
        }
        return kicked;
    }

    @Override
    public Optional<Job> peek(PeekRequest r) {
        return sql.autocommit("peeking job " + r.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(table.selectById())) {
                ps.setLong(1, r.id());
                return first(ps);
            }
        });
    }

    @Override
    public Optional<Job> peek(PeekStateRequest r) {
        return sql.autocommit("peeking " + r.state() + " jobs of " + r.pipeline(), c -> {
            String select = switch (r.state()) {
                case READY -> table.peekReady();
                case DELAYED -> table.peekDelayed();
                case BURIED -> table.peekBuried();
                case RESERVED -> throw new IllegalArgumentException("reserved jobs cannot be peeked by state");
            };
            try (PreparedStatement ps = c.prepareStatement(select + " LIMIT 1")) {
                ps.setString(1, r.pipeline());
                if (r.state() != JobState.BURIED) {
                    ps.setLong(2, clock.millis());
                }
                return first(ps);
            }
        });
    }

    @Override
    public PipelineStats stats(StatsRequest r) {
        return sql.autocommit("counting jobs of " + r.pipeline(), c -> {
            long now = clock.millis();
            try (PreparedStatement ps = c.prepareStatement(table.stats())) {
                ps.setLong(1, now);
                ps.setLong(2, now);
                ps.setLong(3, now);
                ps.setString(4, r.pipeline());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new PipelineStats(r.pipeline(), rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
                }
            }
        });
    }

    @Override
    public List<String> pipelines() {
        return sql.autocommit("listing pipelines", c -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(table.pipelines()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
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
            ownPool.close();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Binder {
        /** Binds the statement's leading parameters; returns the index of the first one left. */
        int bind(PreparedStatement ps, long now) throws SQLException;
    }

    /** An update of a job the caller holds: DONE, or why not. */
    private Outcome updateHeld(String what, String statement, JobRef ref, Binder binder) {
        return sql.autocommit(what, c -> {
            long now = clock.millis();
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                bindHeld(ps, binder.bind(ps, now), ref, now);
                return ps.executeUpdate() > 0 ? Outcome.DONE : whyNot(c, ref.id(), false);
            }
        });
    }

    static void bindHeld(PreparedStatement ps, int first, JobRef ref, long now) throws SQLException {
        ps.setLong(first, ref.id());
        ps.setLong(first + 1, ref.reservation());
        ps.setLong(first + 2, now);
    }

    /**
     * Why an operation on a job changed nothing: the job is gone, or it is held under another reservation.
     * With {@code countUnknown} (a driver that reports no per-row count for a batch) a job that is gone was
     * deleted by this batch.
     */
    private Outcome whyNot(Connection c, long id, boolean countUnknown) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table.name() + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return Outcome.RESERVATION_LOST;
                }
                return countUnknown ? Outcome.DONE : Outcome.NOT_FOUND;
            }
        }
    }

    private Optional<Job> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(Rows.peeked(rs, clock.millis())) : Optional.empty();
        }
    }

    private static List<Long> selectIds(Connection c, String select, String pipeline, Long now, int max)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(select)) {
            int i = 1;
            ps.setString(i++, pipeline);
            if (now != null) {
                ps.setLong(i++, now);
            }
            ps.setInt(i, max);
            return Rows.readIds(ps);
        }
    }

    private static long saturatedNanos(Duration d) {
        return d.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : d.toNanos();
    }
}
