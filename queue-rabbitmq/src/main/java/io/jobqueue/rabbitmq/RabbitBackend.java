package io.jobqueue.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import io.jobqueue.BackendException;
import io.jobqueue.Capability;
import io.jobqueue.InvalidInputException;
import io.jobqueue.Job;
import io.jobqueue.JobState;
import io.jobqueue.Outcome;
import io.jobqueue.PipelineStats;
import io.jobqueue.QueueSettings;
import io.jobqueue.spi.AddRequest;
import io.jobqueue.spi.BuryRequest;
import io.jobqueue.spi.DeleteRequest;
import io.jobqueue.spi.JobRef;
import io.jobqueue.spi.KickJobRequest;
import io.jobqueue.spi.KickRequest;
import io.jobqueue.spi.NewJob;
import io.jobqueue.spi.PeekRequest;
import io.jobqueue.spi.PeekStateRequest;
import io.jobqueue.spi.QueueBackend;
import io.jobqueue.spi.ReleaseRequest;
import io.jobqueue.spi.ReserveRequest;
import io.jobqueue.spi.StatsRequest;
import io.jobqueue.spi.TouchRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RabbitMQ backend. Thread-safe.
 *
 * <p><b>Pipelines.</b> A pipeline is a durable ready queue (quorum by default, or classic with {@code
 * x-max-priority}, see {@link Priorities}), a buried queue, and delay level queues ({@link Delays}).
 *
 * <p><b>Reserve</b> takes messages with {@code basic.get} (never more than asked: a consumer's prefetch would
 * hold jobs nobody reserved) on one of a few reserving channels, from the watched pipelines in turn (starting
 * with a different one each call, so none starves). The job is then an unacknowledged delivery on that channel,
 * and the backend keeps the reservation ({@link HeldJobs}): {@code delete} acknowledges it, {@code release}
 * returns it ({@code basic.nack} with requeue) or publishes it anew (another priority, a delay), {@code bury}
 * publishes it to the buried queue with its reason and then acknowledges it. When nothing is ready a reserve
 * looks again every {@link QueueSettings#pollInterval()}, or at once when this backend added or gave back a job.
 *
 * <p><b>TTR and fencing.</b> The backend times each reservation and returns the job when its TTR passes; an
 * operation under a reservation that expired, ended, or whose channel closed (the broker then returned the
 * job itself) reports RESERVATION_LOST and changes nothing. A process that dies loses its connection, and the
 * broker returns its jobs. The broker's own {@code consumer_timeout} (30 min by default) still applies: a job
 * held longer, even if touched, loses its channel, so raise it above the longest TTR you use.
 *
 * <p><b>What AMQP cannot do</b>, declared as missing capabilities: read a job without taking it ({@link
 * Capability#PEEK}), find one by id to delete or kick it ({@link Capability#DELETE_BY_ID}, {@link
 * Capability#KICK_BY_ID}), order by the full 32-bit priority ({@link Capability#PRIORITY_ORDER}), count
 * reservations held by other processes ({@link Capability#RESERVED_COUNT}), pause a pipeline for every process
 * ({@link Capability#PAUSE}: no shared flag a {@code basic.get} could consult without a round trip of its own),
 * refuse a duplicate by key ({@link Capability#UNIQUE_JOBS}: no lookup by key, no check-and-publish).
 * {@link #pipelines()} lists the pipelines this instance has used, since AMQP cannot list queues.
 *
 * <p><b>Not atomic.</b> {@code addJobs} publishes the batch and waits for the broker to confirm it; if the
 * broker fails midway, some jobs may be stored. Moving a job (bury, kick, release with a new priority or a
 * delay) publishes the new copy, confirmed, before acknowledging the old one: a failure in between leaves a
 * duplicate, never a loss.
 *
 * <p>Options ({@link QueueSettings#options()}): {@code queueType} ({@code quorum} or {@code classic}),
 * {@code maxPriority} (classic, default {@value RabbitConfig#DEFAULT_MAX_PRIORITY}), {@code channels}
 * (reserving channels, default {@value RabbitConfig#DEFAULT_CHANNELS}), {@code prefix} (of every name, default
 * {@value RabbitConfig#DEFAULT_PREFIX}).
 */
public final class RabbitBackend implements QueueBackend {
    /** The broker's default {@code max_message_size}, 128 MiB. */
    static final int MAX_MESSAGE_BYTES = 128 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(RabbitBackend.class);
    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(
            EnumSet.of(Capability.FENCING, Capability.BURY_REASON, Capability.SHARED_BETWEEN_PROCESSES));

    private final RabbitConfig config;
    private final String address;
    private final Clock clock;
    private final long pollMillis;
    private final Connection publishing;
    private final Connection consuming;
    private final Publisher publisher;
    private final Topology topology;
    private final Names names;
    private final ChannelSlot[] reserving;
    private final ChannelSlot admin;
    private final HeldJobs held;
    private final JobIds ids;
    private final Set<String> used = ConcurrentHashMap.newKeySet();
    private final AtomicInteger rotation = new AtomicInteger();
    private final Object wake = new Object();
    private long wakeups;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RabbitBackend(RabbitConfig config, String address, QueueSettings settings, Connection publishing,
            Connection consuming) {
        this.config = config;
        this.address = address;
        this.clock = settings.clock();
        this.pollMillis = Math.max(1, settings.pollInterval().toMillis());
        this.publishing = publishing;
        this.consuming = consuming;
        this.publisher = new Publisher(publishing, settings.callTimeout());
        this.held = new HeldJobs(address, this::giveBack);
        this.topology = new Topology(config, new ChannelSlot(publishing, "topology", gen -> { }));
        this.names = topology.names();
        this.admin = new ChannelSlot(consuming, "admin", gen -> { });
        this.reserving = new ChannelSlot[config.channels()];
        for (int i = 0; i < reserving.length; i++) {
            ChannelSlot[] self = new ChannelSlot[1];
            self[0] = new ChannelSlot(consuming, "reserve-" + i, gen -> held.channelLost(self[0], gen));
            reserving[i] = self[0];
        }
        this.ids = new JobIds(clock);
        RecoveryListener forget = new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable recoverable) {
                topology.forget();
                if (recoverable instanceof Connection c) {
                    LOG.info("reconnected to RabbitMQ at {} (broker {}:{})", address, c.getAddress().getHostAddress(),
                            c.getPort());
                } else {
                    LOG.info("reconnected to RabbitMQ at {}", address);
                }
            }

            @Override
            public void handleRecoveryStarted(Recoverable recoverable) {
                LOG.warn("connection to RabbitMQ at {} lost; reconnecting", address);
            }
        };
        ((Recoverable) consuming).addRecoveryListener(forget);
        ((Recoverable) publishing).addRecoveryListener(forget);
    }

    /**
     * Connects to {@code amqp://user:pass@host:port/vhost}, or to any live broker of {@code
     * amqp://user:pass@h1:port,h2:port,h3:port/vhost}, with connection recovery on: a lost connection is made again
     * to any broker of the URL that is up.
     */
    public static RabbitBackend open(String url, QueueSettings settings) {
        RabbitConfig config = RabbitConfig.of(settings);
        AmqpUrl amqp = AmqpUrl.parse(url);
        ConnectionFactory factory = amqp.factory();
        factory.setAutomaticRecoveryEnabled(true);
        // Queues are durable and declared again on use; recovering them from the client's records would
        // re-declare every queue this process ever touched.
        factory.setTopologyRecoveryEnabled(false);
        factory.setNetworkRecoveryInterval(1_000);
        int connectMillis = (int) settings.connectTimeout().toMillis();
        int callMillis = (int) settings.callTimeout().toMillis();
        factory.setConnectionTimeout(connectMillis);
        factory.setHandshakeTimeout(connectMillis);
        // Bounds every synchronous AMQP method (declare, get, ...): a broker that stops answering fails the call.
        factory.setChannelRpcTimeout(callMillis);
        String address = amqp.address();
        Connection publishing = null;
        Connection consuming = null;
        try {
            // The client tries the brokers in random order, on the first connection and on every recovery.
            publishing = factory.newConnection(amqp.addresses(), "jobqueue-publish");
            consuming = factory.newConnection(amqp.addresses(), "jobqueue-reserve");
            RabbitBackend backend = new RabbitBackend(config, address, settings, publishing, consuming);
            backend.topology.declareShared();
            return backend;
        } catch (IOException | TimeoutException | RuntimeException e) {
            closeQuietly(consuming);
            closeQuietly(publishing);
            if (e instanceof InvalidInputException invalid) {
                throw invalid;
            }
            throw new BackendException("connecting to RabbitMQ at " + address + ": " + ChannelSlot.reason(e));
        }
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public int maxPayloadBytes() {
        return MAX_MESSAGE_BYTES;
    }

    // ---- adding -------------------------------------------------------------------------------------------

    @Override
    public List<Long> add(AddRequest request) {
        if (request.transaction() != null) {
            throw new InvalidInputException("RabbitMQ cannot add jobs inside a caller's JDBC transaction");
        }
        String pipeline = request.pipeline();
        long[] delays = new long[request.jobs().size()];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = Delays.seconds(request.jobs().get(i).delay()); // all checked before anything is sent
        }
        topology.pipeline(pipeline);
        long now = clock.millis();
        List<Long> added = new ArrayList<>(delays.length);
        List<Publisher.Outgoing> messages = new ArrayList<>(delays.length);
        for (int i = 0; i < delays.length; i++) {
            NewJob job = request.jobs().get(i);
            if (delays[i] > 0) {
                topology.delay(pipeline, delays[i]);
            }
            long id = ids.next();
            added.add(id);
            messages.add(outgoing(new StoredJob(id, pipeline, job.payload(), job.priority(), job.ttr().toMillis(),
                    now, 0, null), delays[i]));
        }
        publisher.publish(messages, "adding " + delays.length + " job(s) to " + pipeline);
        used.add(pipeline);
        wake();
        return added;
    }

    private Publisher.Outgoing outgoing(StoredJob job, long delaySeconds) {
        var properties = job.properties(config, delaySeconds, clock.millis());
        return delaySeconds > 0
                ? new Publisher.Outgoing(names.delayExchange(Delays.firstLevel(delaySeconds)), "", properties,
                        job.payload())
                : new Publisher.Outgoing("", names.ready(job.pipeline()), properties, job.payload());
    }

    // ---- reserving ----------------------------------------------------------------------------------------

    @Override
    public List<Job> reserve(ReserveRequest request) {
        checkOpen();
        for (String pipeline : request.pipelines()) {
            topology.pipeline(pipeline);
        }
        long deadline = System.nanoTime() + request.timeout().toNanos();
        while (true) {
            long seen = wakeups();
            List<Job> jobs = takeReady(request);
            long left = deadline - System.nanoTime();
            if (!jobs.isEmpty() || left <= 0) {
                return jobs;
            }
            awaitWake(seen, Math.min(pollMillis, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            checkOpen();
        }
    }

    private List<Job> takeReady(ReserveRequest request) {
        List<String> pipelines = request.pipelines();
        ChannelSlot slot = reserving[(int) (Thread.currentThread().getId() % reserving.length)];
        int start = Math.floorMod(rotation.getAndIncrement(), pipelines.size());
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < pipelines.size() && jobs.size() < request.maxJobs(); i++) {
            String queue = names.ready(pipelines.get((start + i) % pipelines.size()));
            while (jobs.size() < request.maxJobs()) {
                Job job = slot.call("reserving from " + queue, ch -> {
                    int generation = slot.generation();
                    GetResponse message = ch.basicGet(queue, false);
                    if (message == null) {
                        return null;
                    }
                    long tag = message.getEnvelope().getDeliveryTag();
                    StoredJob stored;
                    try {
                        stored = StoredJob.from(message);
                    } catch (BackendException e) {
                        ch.basicReject(tag, false);
                        LOG.warn("dropped a message that is not a job: {}", e.getMessage());
                        return null;
                    }
                    Reservation r = held.hold(stored, slot, generation, tag);
                    return stored.toJob(JobState.RESERVED, r.token, r.reserves);
                });
                if (job == null) {
                    break;
                }
                jobs.add(job);
            }
        }
        return jobs;
    }

    // ---- finishing held jobs ------------------------------------------------------------------------------

    @FunctionalInterface
    private interface HeldAction {
        /** Acts on a live reservation, under its lock; returns how it ended, or null if it goes on (touch). */
        Reservation.End run(Reservation r);
    }

    @Override
    public List<Outcome> delete(DeleteRequest request) {
        List<Outcome> outcomes = new ArrayList<>(request.jobs().size());
        for (JobRef ref : request.jobs()) {
            outcomes.add(ref.reserved() ? onHeld(ref, r -> acknowledge(r) ? Reservation.End.DELETED
                    : Reservation.End.LOST) : deleteUnheld(ref.id()));
        }
        return outcomes;
    }

    private Outcome deleteUnheld(long id) {
        if (held.holds(id)) {
            return Outcome.RESERVATION_LOST;
        }
        throw new InvalidInputException("cannot delete job " + id + " by id: RabbitMQ can only remove a message"
                + " from the head of its queue, so only the worker holding a job can delete it (capability "
                + Capability.DELETE_BY_ID + ")");
    }

    @Override
    public Outcome release(ReleaseRequest request) {
        long delay = Delays.seconds(request.delay());
        Outcome outcome = onHeld(request.job(), r -> {
            if (delay == 0 && request.priority() == r.job.priority()) {
                // The broker returns it (and a quorum queue counts the return in x-delivery-count).
                return returnToQueue(r) ? Reservation.End.RELEASED : Reservation.End.LOST;
            }
            if (delay > 0) {
                topology.delay(r.job.pipeline(), delay);
            }
            StoredJob copy = r.job.returned(request.priority(), r.reserves, r.job.error());
            publisher.publish(List.of(outgoing(copy, delay)), "releasing job " + r.job.id());
            acknowledgeMoved(r, "released");
            return Reservation.End.RELEASED;
        });
        wake();
        return outcome;
    }

    @Override
    public Outcome bury(BuryRequest request) {
        return onHeld(request.job(), r -> {
            StoredJob copy = r.job.returned(request.priority(), r.reserves, request.reason());
            var properties = copy.properties(config, 0, clock.millis());
            publisher.publish(List.of(new Publisher.Outgoing("", names.buried(r.job.pipeline()), properties,
                    copy.payload())), "burying job " + r.job.id());
            acknowledgeMoved(r, "buried");
            return Reservation.End.BURIED;
        });
    }

    @Override
    public Outcome touch(TouchRequest request) {
        return onHeld(request.job(), r -> {
            if (!r.slot.callOn(r.generation, "touching job " + r.job.id(), ch -> true, false)) {
                return Reservation.End.LOST; // its channel closed: the broker has already returned the job
            }
            held.renew(r);
            return null;
        });
    }

    /** Runs {@code action} on the live reservation {@code ref} names, or reports why there is none. */
    private Outcome onHeld(JobRef ref, HeldAction action) {
        Reservation r = held.get(ref);
        if (r == null) {
            return held.outcomeOfEnded(ref);
        }
        synchronized (r) {
            Reservation.End end = r.end();
            if (end != null) {
                return HeldJobs.outcomeOf(end);
            }
            if (r.expiredAt(System.nanoTime())) {
                giveBack(r);
                return Outcome.RESERVATION_LOST;
            }
            end = action.run(r);
            if (end == null) {
                return Outcome.DONE;
            }
            held.finish(r, end);
            return end == Reservation.End.LOST ? Outcome.RESERVATION_LOST : Outcome.DONE;
        }
    }

    private boolean acknowledge(Reservation r) {
        return r.slot.callOn(r.generation, "deleting job " + r.job.id(), ch -> {
            ch.basicAck(r.deliveryTag, false);
            return true;
        }, false);
    }

    private boolean returnToQueue(Reservation r) {
        return r.slot.callOn(r.generation, "returning job " + r.job.id(), ch -> {
            ch.basicNack(r.deliveryTag, false, true);
            return true;
        }, false);
    }

    /** After the job's new copy was confirmed: the old delivery goes; if its channel closed, both exist now. */
    private void acknowledgeMoved(Reservation r, String how) {
        if (!acknowledge(r)) {
            LOG.warn("job {} was {}, but the channel holding it closed first, so the broker returned it as well:"
                    + " it will run once more", r.job.id(), how);
        }
    }

    /** The TTR passed (called by the timer, or by an operation that found it passed): the job is READY again. */
    private void giveBack(Reservation r) {
        synchronized (r) {
            if (r.end() != null) {
                return;
            }
            try {
                returnToQueue(r);
            } catch (BackendException e) {
                LOG.debug("returning job {} after its TTR failed ({}); its channel's end returns it", r.job.id(),
                        e.getMessage());
            }
            held.finish(r, Reservation.End.EXPIRED);
        }
        wake();
    }

    // ---- kicking ------------------------------------------------------------------------------------------

    @Override
    public Outcome kickJob(KickJobRequest request) {
        if (held.holds(request.id())) {
            return Outcome.NOT_FOUND; // reserved, so neither buried nor delayed
        }
        throw new InvalidInputException("cannot kick job " + request.id() + " by id: RabbitMQ reads a queue only"
                + " from its head, so a job cannot be found by id; kick the pipeline instead (capability "
                + Capability.KICK_BY_ID + ")");
    }

    /** Buried jobs in the order buried; if there are none, delayed jobs, the shortest delay level first. */
    @Override
    public int kick(KickRequest request) {
        String pipeline = request.pipeline();
        topology.pipeline(pipeline);
        String buried = names.buried(pipeline);
        int kicked;
        if (topology.count(buried) > 0) {
            kicked = move(buried, request.max());
        } else {
            kicked = 0;
            for (Map.Entry<Integer, Long> level : new java.util.TreeMap<>(topology.delayCounts(pipeline)).entrySet()) {
                if (kicked < request.max()) {
                    kicked += move(names.delayQueue(pipeline, level.getKey()), request.max() - kicked);
                }
            }
        }
        if (kicked > 0) {
            wake();
        }
        return kicked;
    }

    /** Moves up to {@code max} jobs from the head of {@code queue} to their ready queue. */
    private int move(String queue, int max) {
        int moved = 0;
        while (moved < max) {
            int[] generation = new int[1];
            GetResponse message = admin.call("kicking from " + queue, ch -> {
                generation[0] = admin.generation();
                return ch.basicGet(queue, false);
            });
            if (message == null) {
                break;
            }
            StoredJob job = StoredJob.from(message);
            publisher.publish(List.of(outgoing(job.returned(job.priority(), job.reserves(), job.error()), 0)),
                    "kicking job " + job.id());
            boolean acked = admin.callOn(generation[0], "kicking job " + job.id(), ch -> {
                ch.basicAck(message.getEnvelope().getDeliveryTag(), false);
                return true;
            }, false);
            if (!acked) {
                LOG.warn("job {} was kicked, but the channel that took it closed first: it is also back in {}",
                        job.id(), queue);
            }
            moved++;
        }
        return moved;
    }

    // ---- reading ------------------------------------------------------------------------------------------

    @Override
    public Optional<Job> peek(PeekRequest request) {
        throw new InvalidInputException("cannot peek job " + request.id() + ": RabbitMQ reads a queue only by taking"
                + " the message at its head, so a job cannot be read by id (capability " + Capability.PEEK + ")");
    }

    @Override
    public Optional<Job> peek(PeekStateRequest request) {
        throw new InvalidInputException("cannot peek the next " + request.state() + " job of " + request.pipeline()
                + ": RabbitMQ reads a queue only by taking the message at its head, and a quorum queue returns a"
                + " message to its tail (capability " + Capability.PEEK + ")");
    }

    /**
     * Ready, buried and delayed counts come from the broker (messages in the queues, read by passive
     * declarations, so they create nothing); reserved counts only the jobs this instance holds.
     */
    @Override
    public PipelineStats stats(StatsRequest request) {
        String pipeline = request.pipeline();
        long ready = topology.count(names.ready(pipeline));
        long buried = topology.count(names.buried(pipeline));
        long delayed = topology.delayCounts(pipeline).values().stream().mapToLong(Long::longValue).sum();
        return new PipelineStats(pipeline, ready, delayed, held.reservedIn(pipeline), buried);
    }

    /** The pipelines this instance has added to or holds jobs of that hold a job now: AMQP cannot list queues. */
    @Override
    public List<String> pipelines() {
        Set<String> candidates = new TreeSet<>(used);
        candidates.addAll(held.pipelinesHeld());
        List<String> names = new ArrayList<>();
        for (String pipeline : candidates) {
            if (stats(new StatsRequest(pipeline)).total() > 0) {
                names.add(pipeline);
            }
        }
        return names;
    }

    /** The queues this instance declared; for tests. */
    Set<String> declaredQueues() {
        return topology.declared();
    }

    RabbitConfig config() {
        return config;
    }

    // ---- waking waiting reserves --------------------------------------------------------------------------

    private void wake() {
        synchronized (wake) {
            wakeups++;
            wake.notifyAll();
        }
    }

    private long wakeups() {
        synchronized (wake) {
            return wakeups;
        }
    }

    private void awaitWake(long seen, long millis) {
        synchronized (wake) {
            if (wakeups != seen) {
                return;
            }
            try {
                wake.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while waiting for a job");
            }
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new BackendException("the RabbitMQ backend is closed");
        }
    }

    /** Closes the connections; the broker returns every job still reserved through them. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            held.close();
            publisher.close();
            closeQuietly(publishing);
            closeQuietly(consuming);
            wake();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close(5_000);
            } catch (IOException | RuntimeException e) {
                // closing anyway
            }
        }
    }

    @Override
    public String toString() {
        return "RabbitBackend[" + address + ", " + config.queueType() + (closed.get() ? ", closed" : "") + "]";
    }
}
