package io.jobqueue.rabbitmq;

import io.jobqueue.Outcome;
import io.jobqueue.spi.JobRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The jobs this backend holds reserved, by token, and the TTR timer that gives each back when its deadline
 * passes. The broker knows only that a delivery is unacknowledged; it neither times a reservation per job
 * (its consumer timeout is one global value, 30 minutes by default) nor tells one reservation of a job from
 * the next, so both are kept here.
 *
 * <p>Tokens of recently ended reservations are remembered with how they ended, so an operation under one
 * reports NOT_FOUND if the job was deleted and RESERVATION_LOST otherwise. A token never seen (or forgotten,
 * past {@value #REMEMBERED} ended reservations) reports RESERVATION_LOST: nothing changed either way.
 */
final class HeldJobs implements AutoCloseable {
    static final int REMEMBERED = 100_000;

    private final Map<Long, Reservation> live = new ConcurrentHashMap<>();
    private final AtomicLong lastToken = new AtomicLong(ThreadLocalRandom.current().nextLong(1, 1L << 40));
    private final ScheduledExecutorService timer;
    private final Consumer<Reservation> onExpiry;
    private final Map<Long, Reservation.End> ended = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Reservation.End> eldest) {
            return size() > REMEMBERED;
        }
    };

    HeldJobs(String name, Consumer<Reservation> onExpiry) {
        this.onExpiry = onExpiry;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "rabbitmq-ttr-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Records a delivery taken under {@code generation} of {@code slot} as a new reservation, and times it. */
    Reservation hold(StoredJob job, ChannelSlot slot, int generation, long deliveryTag) {
        long now = System.nanoTime();
        Reservation r = new Reservation(lastToken.incrementAndGet(), job, job.reserves() + 1, slot, generation,
                deliveryTag, now + job.ttrMillis() * 1_000_000L);
        live.put(r.token, r);
        schedule(r);
        return r;
    }

    /** The live reservation {@code ref} names, or null. */
    Reservation get(JobRef ref) {
        Reservation r = live.get(ref.reservation());
        return r != null && r.job.id() == ref.id() ? r : null;
    }

    /** What an operation under a reservation that is no longer live reports. */
    Outcome outcomeOfEnded(JobRef ref) {
        Reservation.End end;
        synchronized (ended) {
            end = ended.get(ref.reservation());
        }
        return end == Reservation.End.DELETED ? Outcome.NOT_FOUND : Outcome.RESERVATION_LOST;
    }

    static Outcome outcomeOf(Reservation.End end) {
        return end == Reservation.End.DELETED ? Outcome.NOT_FOUND : Outcome.RESERVATION_LOST;
    }

    /** Ends {@code r} (if it was live), forgetting it but for how it ended. */
    boolean finish(Reservation r, Reservation.End why) {
        if (!r.end(why)) {
            return false;
        }
        live.remove(r.token, r);
        synchronized (ended) {
            ended.put(r.token, why);
        }
        return true;
    }

    /** Renews {@code r} for another TTR from now; its timer, when it fires, waits for the new deadline. */
    void renew(Reservation r) {
        r.renew(System.nanoTime());
    }

    /** The channel generation of {@code slot} ended: the broker put its deliveries back. */
    void channelLost(ChannelSlot slot, int generation) {
        for (Reservation r : List.copyOf(live.values())) {
            if (r.slot == slot && r.generation == generation) {
                finish(r, Reservation.End.LOST);
            }
        }
    }

    /** True if a live reservation here holds job {@code id}. */
    boolean holds(long id) {
        return live.values().stream().anyMatch(r -> r.job.id() == id);
    }

    /** Jobs of {@code pipeline} reserved through this backend instance (the broker counts no reservations). */
    long reservedIn(String pipeline) {
        return live.values().stream().filter(r -> r.job.pipeline().equals(pipeline)).count();
    }

    List<String> pipelinesHeld() {
        return live.values().stream().map(r -> r.job.pipeline()).distinct().toList();
    }

    private void schedule(Reservation r) {
        long delay = r.deadlineNanos() - System.nanoTime();
        if (!timer.isShutdown()) {
            r.timer(timer.schedule(() -> expire(r), Math.max(0, delay), TimeUnit.NANOSECONDS));
        }
    }

    private void expire(Reservation r) {
        synchronized (r) {
            if (r.end() != null) {
                return;
            }
            if (!r.expiredAt(System.nanoTime())) {
                schedule(r); // touched meanwhile
                return;
            }
        }
        onExpiry.accept(r);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (Reservation r : List.copyOf(live.values())) {
            finish(r, Reservation.End.LOST);
        }
    }
}
