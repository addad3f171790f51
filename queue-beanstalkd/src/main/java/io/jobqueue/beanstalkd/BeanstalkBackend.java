package io.jobqueue.beanstalkd;

import io.jobqueue.BackendException;
import io.jobqueue.InvalidInputException;
import io.jobqueue.Job;
import io.jobqueue.NoSuchJobException;
import io.jobqueue.PipelineStats;
import io.jobqueue.QueueSettings;
import io.jobqueue.beanstalkd.client.BeanstalkClient;
import io.jobqueue.beanstalkd.client.BeanstalkConfig;
import io.jobqueue.beanstalkd.client.BeanstalkConnection;
import io.jobqueue.beanstalkd.client.BeanstalkJob;
import io.jobqueue.spi.AddRequest;
import io.jobqueue.spi.BuryRequest;
import io.jobqueue.Capability;
import io.jobqueue.spi.DeleteRequest;
import io.jobqueue.spi.JobRef;
import io.jobqueue.spi.KickJobRequest;
import io.jobqueue.spi.KickRequest;
import io.jobqueue.Outcome;
import io.jobqueue.spi.PeekRequest;
import io.jobqueue.spi.PauseRequest;
import io.jobqueue.spi.PauseStateRequest;
import io.jobqueue.spi.PeekStateRequest;
import io.jobqueue.spi.QueueBackend;
import io.jobqueue.spi.ReleaseRequest;
import io.jobqueue.spi.ReserveRequest;
import io.jobqueue.spi.StatsRequest;
import io.jobqueue.spi.TouchRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The beanstalkd backend: pipelines are tubes, and the lifecycle is beanstalkd's own. Thread-safe.
 *
 * <p><b>Connections.</b> beanstalkd lets only the connection that reserved a job delete, release, bury or
 * touch it, and releases a connection's jobs when it closes. So each reserve takes a connection that holds no
 * job from a pool ({@link Reservations}), makes it watch the requested tubes, and the connection then stays
 * with the jobs it reserved until they are finished or lost. Adding goes through a producer connection;
 * peeks, kicks, counts and deletes by id through an admin connection.
 *
 * <p><b>Fencing.</b> A reserved job carries a token; only the job's latest token may act on it, and only on
 * the connection that reserved it. beanstalkd itself refuses release, bury and touch from the wrong
 * connection or after the TTR, but it deletes a READY job from anyone: so a delete within a second of the
 * reservation's deadline first touches the job (which the server refuses if the reservation is gone), and a
 * reservation whose deadline has certainly passed fails without reaching the server. Its job is then given
 * back by {@link ExpiredJobReleaser}, because beanstalkd 1.12 often leaves it reserved to an idle connection.
 *
 * <p><b>Rounding.</b> beanstalkd counts whole seconds: delays, TTRs and reserve timeouts are rounded up.
 *
 * <p><b>Adding is not atomic.</b> Jobs of a batch are put one after another (pipelined); if the server
 * rejects one, those already put are deleted again, which fails for any a worker reserved meanwhile.
 *
 * <p><b>Pausing</b> is beanstalkd's {@code pause-tube}, which is timed: a pause without end is the longest one,
 * {@value #INDEFINITE_PAUSE_SECONDS} s (about 136 years), and resume is a pause of 0 s. beanstalkd forgets a tube,
 * and its pause, once no job is in it and no connection uses or watches it; so the admin connection watches a tube
 * it paused (which also creates it, as {@code pause-tube} needs), until it resumes it or closes. {@code isPaused}
 * reads {@code pause-time-left} from {@code stats-tube}.
 *
 * <p>Unique jobs ({@link Capability#UNIQUE_JOBS}) are not offered: beanstalkd has no way to find a job by anything
 * but its id, and no atomic check-and-put.
 *
 * <p>Options ({@link QueueSettings#options()}): {@value #MAX_RESERVE_CONNECTIONS} (default
 * {@value #DEFAULT_MAX_RESERVE_CONNECTIONS}), the most reserving connections open at once; each batch of
 * reserved jobs holds one until its jobs are finished. {@value #JOB_HEADER} ({@code true} or {@code false}, default
 * false): adds put a 20-byte header before each payload (magic {@code 0xFE 'j' 'q'}, version, TTR, time added in
 * milliseconds, CRC-32), so that a reserve from one tube needs no {@code stats-job} per job; the job's priority and
 * reservation count are then read when first asked for ({@link Job#withDetailsOnDemand}). The option is for adds:
 * every reserve and peek reads a header, with or without it; but another beanstalkd client, or an earlier version
 * of this library, sees the header as part of the payload: turn it on only where every consumer runs this version or
 * later. With it the largest payload is 20 bytes smaller than the server's max-job-size.
 */
public final class BeanstalkBackend implements QueueBackend {
    public static final String MAX_RESERVE_CONNECTIONS = "maxReserveConnections";
    public static final int DEFAULT_MAX_RESERVE_CONNECTIONS = 64;
    /** The option that puts a header with the TTR and the time added before each payload added. */
    public static final String JOB_HEADER = "jobHeader";
    /** A delete closer than this to the lower bound of the deadline checks with a touch first. */
    static final long DELETE_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The longest pause beanstalkd takes, 2^32-1 s: what a pause without end becomes. */
    public static final long INDEFINITE_PAUSE_SECONDS = 0xFFFF_FFFFL;
    private static final Set<Capability> CAPABILITIES =
            Collections.unmodifiableSet(EnumSet.of(Capability.FENCING, Capability.SHARED_BETWEEN_PROCESSES,
                    Capability.PEEK, Capability.DELETE_BY_ID, Capability.KICK_BY_ID, Capability.PRIORITY_ORDER,
                    Capability.RESERVED_COUNT, Capability.PAUSE));

    private final BeanstalkConfig config;
    private final Clock clock;
    private final SharedClient producer;
    private final SharedClient admin;
    private final Reservations reservations;
    private final Reserver reserver;
    private final ExpiredJobReleaser expiredJobs;
    private final int maxPayloadBytes;
    private final boolean jobHeader;
    private final AtomicBoolean closed = new AtomicBoolean();

    private BeanstalkBackend(BeanstalkConfig config, QueueSettings settings, BeanstalkClient admin,
            BeanstalkClient producer, int maxJobSize) {
        this.config = config;
        this.clock = settings.clock();
        this.admin = new SharedClient(admin);
        this.producer = new SharedClient(producer);
        this.reservations = new Reservations(config, maxReserveConnections(settings));
        this.reserver = new Reserver(reservations, clock, closed::get, this::details);
        this.expiredJobs = new ExpiredJobReleaser(reservations, config.address());
        this.jobHeader = jobHeader(settings);
        this.maxPayloadBytes = jobHeader ? maxJobSize - JobHeader.BYTES : maxJobSize;
    }

    /**
     * Connects to {@code beanstalkd://host[:port]}, with the settings' {@link QueueSettings#connectTimeout()} and
     * {@link QueueSettings#callTimeout()} as the client's connect and command timeouts.
     */
    public static BeanstalkBackend open(String url, QueueSettings settings) {
        BeanstalkConfig config;
        try {
            config = BeanstalkConfig.fromUrl(url).toBuilder().connectTimeout(settings.connectTimeout())
                    .commandTimeout(settings.callTimeout()).build();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        return open(config, settings);
    }

    /** Connects with the client settings given (timeouts, reconnect backoff, socket factory). */
    public static BeanstalkBackend open(BeanstalkConfig config, QueueSettings settings) {
        maxReserveConnections(settings);
        jobHeader(settings);
        String what = "connecting to beanstalkd at " + config.address();
        BeanstalkClient admin = null;
        BeanstalkClient producer = null;
        try {
            admin = BeanstalkClient.connect(config);
            producer = admin.duplicate();
            long maxJobSize = admin.stats().maxJobSize();
            int limit = maxJobSize <= 0 ? BeanstalkConfig.DEFAULT_MAX_JOB_SIZE
                    : (int) Math.min(maxJobSize, Integer.MAX_VALUE);
            return new BeanstalkBackend(config, settings, admin, producer, limit);
        } catch (RuntimeException e) {
            if (producer != null) {
                producer.close();
            }
            if (admin != null) {
                admin.close();
            }
            throw Failures.of(what, e);
        }
    }

    private static int maxReserveConnections(QueueSettings settings) {
        settings.requireKnownOptions("beanstalkd", Set.of(MAX_RESERVE_CONNECTIONS, JOB_HEADER));
        return settings.intOption(MAX_RESERVE_CONNECTIONS, DEFAULT_MAX_RESERVE_CONNECTIONS, 1, 10_000);
    }

    private static boolean jobHeader(QueueSettings settings) {
        String value = settings.option(JOB_HEADER, "false");
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException("option " + JOB_HEADER + " must be true or false, not '"
                    + value + "'");
        };
    }

    public BeanstalkConfig config() {
        return config;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /** The server's max-job-size, read when the backend connected, less the header's size with {@value #JOB_HEADER}. */
    @Override
    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    @Override
    public String maxPayloadBytesSource() {
        return jobHeader ? "the beanstalkd server's max-job-size (beanstalkd -z) less the " + JobHeader.BYTES
                + "-byte header of option " + JOB_HEADER : "the beanstalkd server's max-job-size, beanstalkd -z";
    }

    // ---- adding -------------------------------------------------------------------------------------------

    @Override
    public List<Long> add(AddRequest request) {
        if (request.transaction() != null) {
            throw new InvalidInputException("beanstalkd cannot add jobs inside a caller's JDBC transaction");
        }
        String what = "adding " + request.jobs().size() + " job(s) to " + request.pipeline();
        return producer.inTube(request.pipeline(), what,
                c -> Producing.put(c, request.jobs(), jobHeader ? clock.instant() : null, what));
    }

    // ---- reserving ----------------------------------------------------------------------------------------

    @Override
    public List<Job> reserve(ReserveRequest request) {
        return reserver.reserve(request);
    }

    /** The priority and reservation count of a job reserved without stats-job, read when first asked for. */
    private Job.Details details(long id) {
        String what = "reading the priority and reservation count of job " + id;
        return Jobs.details(admin.read(what, c -> c.statsJob(id))
                .orElseThrow(() -> new NoSuchJobException(id, what + ": the job no longer exists")));
    }

    // ---- finishing held jobs ------------------------------------------------------------------------------

    /** What a command on a held job did. */
    private enum Held {
        /** The job left the reservation as asked (deleted, released, buried). */
        FINISHED,
        /** The reservation was renewed (touch). */
        RENEWED,
        /** The server says this connection does not hold the job. */
        NOT_HELD,
        /** A release that the server turned into a bury because it ran out of memory. */
        BURIED_INSTEAD
    }

    @FunctionalInterface
    private interface HeldCommand {
        Held run(BeanstalkConnection connection, Reservation reservation);
    }

    /**
     * Deletes by reservation are grouped by the connection holding them and pipelined there ({@link
     * BeanstalkConnection#deleteAll}): one round trip per connection, not per job. A reservation within a second of
     * its deadline is deleted on its own after a touch (see the class comment).
     */
    @Override
    public List<Outcome> delete(DeleteRequest request) {
        List<JobRef> refs = request.jobs();
        Outcome[] outcomes = new Outcome[refs.size()];
        Map<ReserveConnection, List<HeldDelete>> byConnection = new LinkedHashMap<>();
        for (int i = 0; i < refs.size(); i++) {
            JobRef ref = refs.get(i);
            if (!ref.reserved()) {
                outcomes[i] = deleteUnheld(ref.id());
                continue;
            }
            Reservation r = reservations.acquire(ref);
            if (r == null) {
                outcomes[i] = lostOrGone(ref.id(), "deleting job " + ref.id());
            } else {
                byConnection.computeIfAbsent(r.connection(), c -> new ArrayList<>()).add(new HeldDelete(i, r));
            }
        }
        RuntimeException failure = null;
        for (Map.Entry<ReserveConnection, List<HeldDelete>> held : byConnection.entrySet()) {
            if (failure == null) {
                try {
                    deleteOn(held.getKey(), held.getValue());
                } catch (RuntimeException e) {
                    failure = e;
                }
            } else {
                for (HeldDelete d : held.getValue()) {
                    reservations.done(d.reservation, false); // not tried: still held
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        for (List<HeldDelete> held : byConnection.values()) {
            for (HeldDelete d : held) {
                outcomes[d.index] = d.deleted ? Outcome.DONE
                        : lostOrGone(d.reservation.jobId(), "deleting job " + d.reservation.jobId());
            }
        }
        return List.of(outcomes);
    }

    /** One acquired reservation of a delete request, at {@code index} of it; {@code deleted} once the server did. */
    private static final class HeldDelete {
        final int index;
        final Reservation reservation;
        boolean deleted;

        HeldDelete(int index, Reservation reservation) {
            this.index = index;
            this.reservation = reservation;
        }
    }

    /** Deletes acquired reservations of one connection, pipelined; then ends the use of each. */
    private void deleteOn(ReserveConnection connection, List<HeldDelete> held) {
        try {
            connection.call(c -> {
                List<HeldDelete> pipelined = new ArrayList<>(held.size());
                for (HeldDelete d : held) {
                    Reservation r = d.reservation;
                    if (r.isEnded()) {
                        continue;
                    }
                    if (System.nanoTime() - (r.safeUntil() - DELETE_MARGIN_NANOS) >= 0) {
                        d.deleted = deleteHeld(c, r) == Held.FINISHED;
                        r.end();
                    } else {
                        pipelined.add(d);
                    }
                }
                if (!pipelined.isEmpty()) {
                    List<Long> ids = new ArrayList<>(pipelined.size());
                    for (HeldDelete d : pipelined) {
                        ids.add(d.reservation.jobId());
                    }
                    List<Boolean> deleted = c.deleteAll(ids);
                    for (int i = 0; i < pipelined.size(); i++) {
                        pipelined.get(i).deleted = deleted.get(i);
                        pipelined.get(i).reservation.end();
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            boolean broken = Failures.breaksConnection(e);
            for (HeldDelete d : held) {
                reservations.done(d.reservation, broken || d.reservation.isEnded());
            }
            String what = held.size() == 1 ? "deleting job " + held.get(0).reservation.jobId()
                    : "deleting " + held.size() + " jobs";
            if (broken) {
                reservations.broken(connection);
                throw new BackendException(what + ": the connection that reserved " + (held.size() == 1 ? "it" : "them")
                        + " broke (" + e.getMessage() + "); beanstalkd releases the jobs of a closed connection, so"
                        + (held.size() == 1 ? " the" : " each") + " reservation is lost", e);
            }
            throw Failures.of(what, e);
        }
        for (HeldDelete d : held) {
            reservations.done(d.reservation, true);
        }
    }

    private static Held deleteHeld(BeanstalkConnection c, Reservation r) {
        if (System.nanoTime() - (r.safeUntil() - DELETE_MARGIN_NANOS) >= 0) {
            // Near the deadline: beanstalkd would delete the job even if the TTR just ran out and it is READY,
            // so make sure it is still held here; touch is refused unless it is.
            long sent = System.nanoTime();
            if (!c.touch(r.jobId())) {
                return Held.NOT_HELD;
            }
            r.renewed(sent, System.nanoTime());
        }
        return c.delete(r.jobId()) ? Held.FINISHED : Held.NOT_HELD;
    }

    private Outcome deleteUnheld(long id) {
        String what = "deleting job " + id;
        return admin.call(what, c -> c.delete(id)) ? Outcome.DONE : lostOrGone(id, what);
    }

    @Override
    public Outcome release(ReleaseRequest request) {
        long delay = Jobs.seconds(request.delay());
        return onHeld(request.job(), "releasing job " + request.job().id(), (c, r) ->
                switch (c.release(r.jobId(), request.priority(), delay)) {
                    case RELEASED -> Held.FINISHED;
                    case BURIED -> Held.BURIED_INSTEAD;
                    case NOT_FOUND -> Held.NOT_HELD;
                });
    }

    /** Buries the job; beanstalkd has nowhere to keep the reason, so it is not stored. */
    @Override
    public Outcome bury(BuryRequest request) {
        return onHeld(request.job(), "burying job " + request.job().id(),
                (c, r) -> c.bury(r.jobId(), request.priority()) ? Held.FINISHED : Held.NOT_HELD);
    }

    @Override
    public Outcome touch(TouchRequest request) {
        return onHeld(request.job(), "touching job " + request.job().id(), (c, r) -> {
            long sent = System.nanoTime();
            if (!c.touch(r.jobId())) {
                return Held.NOT_HELD;
            }
            r.renewed(sent, System.nanoTime());
            return Held.RENEWED;
        });
    }

    /** Runs {@code command} on the connection holding the reservation {@code ref} names, if it is live. */
    private Outcome onHeld(JobRef ref, String what, HeldCommand command) {
        Reservation r = reservations.acquire(ref);
        if (r == null) {
            return lostOrGone(ref.id(), what);
        }
        Held held;
        try {
            held = r.connection().call(c -> {
                if (r.isEnded()) {
                    return Held.NOT_HELD;
                }
                Held result = command.run(c, r);
                if (result != Held.RENEWED) {
                    r.end();
                }
                return result;
            });
        } catch (RuntimeException e) {
            boolean broken = Failures.breaksConnection(e);
            reservations.done(r, broken);
            if (broken) {
                reservations.broken(r.connection());
                throw new BackendException(what + ": the connection that reserved it broke (" + e.getMessage()
                        + "); beanstalkd releases the jobs of a closed connection, so the reservation is lost", e);
            }
            throw Failures.of(what, e);
        }
        reservations.done(r, held != Held.RENEWED);
        return switch (held) {
            case FINISHED, RENEWED -> Outcome.DONE;
            case NOT_HELD -> lostOrGone(ref.id(), what);
            case BURIED_INSTEAD -> throw new BackendException(what + ": beanstalkd ran out of memory and buried the job"
                    + " instead of releasing it; kick it when the server has memory again");
        };
    }

    /** After the server refused: the job exists, so it is held elsewhere or no longer reserved here; or it is gone. */
    private Outcome lostOrGone(long id, String what) {
        return admin.read(what, c -> c.statsJob(id)).isPresent() ? Outcome.RESERVATION_LOST : Outcome.NOT_FOUND;
    }

    // ---- kicking ------------------------------------------------------------------------------------------

    @Override
    public Outcome kickJob(KickJobRequest request) {
        return admin.call("kicking job " + request.id(), c -> c.kickJob(request.id())) ? Outcome.DONE
                : Outcome.NOT_FOUND;
    }

    /** beanstalkd's {@code kick} does what the contract asks: buried jobs, or delayed ones if none is buried. */
    @Override
    public int kick(KickRequest request) {
        long kicked = admin.inTube(request.pipeline(), "kicking jobs of " + request.pipeline(),
                c -> c.kick(request.max()));
        return (int) Math.min(kicked, Integer.MAX_VALUE);
    }

    // ---- reading ------------------------------------------------------------------------------------------

    @Override
    public Optional<Job> peek(PeekRequest request) {
        return admin.read("peeking job " + request.id(), c -> c.peek(request.id())
                .flatMap(job -> Jobs.peeked(job, c.statsJob(job.id()), clock.instant())));
    }

    @Override
    public Optional<Job> peek(PeekStateRequest request) {
        String what = "peeking " + request.state() + " jobs of " + request.pipeline();
        return admin.readInTube(request.pipeline(), what, c -> {
            Optional<BeanstalkJob> job = switch (request.state()) {
                case READY -> c.peekReady();
                case DELAYED -> c.peekDelayed();
                case BURIED -> c.peekBuried();
                case RESERVED -> throw PeekStateRequest.reservedIsNotPeekable();
            };
            return job.flatMap(j -> Jobs.peeked(j, c.statsJob(j.id()), clock.instant()));
        });
    }

    /** stats-tube, which never creates the tube; a tube that does not exist holds no job. */
    @Override
    public PipelineStats stats(StatsRequest request) {
        return Jobs.stats(request.pipeline(),
                admin.read("counting jobs of " + request.pipeline(), c -> c.statsTube(request.pipeline())));
    }

    /**
     * {@code pause-tube} on the admin connection, which watches a paused tube so that the tube, and its pause,
     * outlive its last job; a resume ends the pause and the watch.
     */
    @Override
    public void pause(PauseRequest request) {
        String tube = request.pipeline();
        if (request.paused()) {
            admin.call("pausing " + tube, c -> {
                c.watch(tube);
                return c.pauseTube(tube, INDEFINITE_PAUSE_SECONDS);
            });
        } else {
            admin.call("resuming " + tube, c -> {
                boolean found = c.pauseTube(tube, 0);
                if (c.watchedTubes().contains(tube)) {
                    c.ignore(tube);
                }
                return found;
            });
        }
    }

    /** A tube that does not exist is not paused. */
    @Override
    public boolean isPaused(PauseStateRequest request) {
        return admin.read("reading whether " + request.pipeline() + " is paused", c -> c.statsTube(request.pipeline()))
                .map(tube -> tube.pauseTimeLeft() > 0).orElse(false);
    }

    /** Tubes holding at least one job (beanstalkd also lists tubes that are merely used or watched). */
    @Override
    public List<String> pipelines() {
        return admin.read("listing pipelines", c -> {
            List<String> names = new ArrayList<>();
            for (String tube : c.listTubes()) {
                if (Jobs.stats(tube, c.statsTube(tube)).total() > 0) {
                    names.add(tube);
                }
            }
            Collections.sort(names);
            return names;
        });
    }

    /** Reserving connections open now (free or holding jobs). */
    int reserveConnections() {
        return reservations.openConnections();
    }

    /** Reserves waiting for a reserving connection to free up, every one being pinned to jobs; for tests. */
    int reservesWaitingForConnection() {
        return reservations.waitingForConnection();
    }

    /** Closes every connection; beanstalkd releases the jobs still reserved on them. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            expiredJobs.close();
            reservations.close();
            admin.close();
            producer.close();
        }
    }

    @Override
    public String toString() {
        return "BeanstalkBackend[" + config.address() + (closed.get() ? ", closed" : "") + "]";
    }

}
