package io.jobqueue.beanstalkd;

import io.jobqueue.BackendException;
import io.jobqueue.beanstalkd.client.BeanstalkConfig;
import io.jobqueue.beanstalkd.client.BeanstalkConnection;
import io.jobqueue.beanstalkd.ReserveConnection.State;
import io.jobqueue.spi.JobRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The reserving connections and the reservations they hold, under one lock.
 *
 * <p>A reserve takes a connection that holds no job (a blocking reserve on a holder would delay its deletes,
 * and beanstalkd answers DEADLINE_SOON there). A connection that reserved jobs stays pinned to them until
 * each is deleted, released, buried or lost (its TTR passed and {@link ExpiredJobReleaser} gave it back,
 * another reserve got the job, the connection broke); then it is free again. Free connections are reused last-in first-out, preferring one that already
 * watches the requested tubes.
 *
 * <p>Every reservation gets a new token; a job's current token is the only one that may act on it, so an
 * operation under an older token fails without reaching the server (this covers the same connection
 * reserving the job again after its TTR ran out).
 */
final class Reservations {
    private static final long WAIT_SLICE_MILLIS = 50;

    private final BeanstalkConfig config;
    private final int maxConnections;
    private final Object lock = new Object();
    private final Deque<ReserveConnection> free = new ArrayDeque<>();
    private final Set<ReserveConnection> open = new HashSet<>();
    private final Map<Long, Reservation> byToken = new HashMap<>();
    private final Map<Long, Long> tokenByJob = new HashMap<>();
    private int opening;
    /** Takes waiting at the limit for a connection to free up. */
    private int waiting;
    private long lastToken = ThreadLocalRandom.current().nextLong(1, 1L << 40);
    private boolean closed;

    Reservations(BeanstalkConfig config, int maxConnections) {
        this.config = config;
        this.maxConnections = maxConnections;
    }

    /**
     * A connection holding no job, for one reserve: a free one, else a new one, else (at the limit) the first
     * that becomes free before {@code deadlineNanos}. Hand it back with {@link #reserved}.
     */
    ReserveConnection take(List<String> tubes, long deadlineNanos) {
        synchronized (lock) {
            while (true) {
                checkOpen();
                ReserveConnection c = pickFree(tubes);
                if (c != null) {
                    c.state = State.RESERVING;
                    return c;
                }
                if (open.size() + opening < maxConnections) {
                    opening++;
                    break;
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    throw new BackendException("all " + maxConnections + " reserving connections hold reserved jobs;"
                            + " delete, release or bury some, or raise the option "
                            + BeanstalkBackend.MAX_RESERVE_CONNECTIONS);
                }
                waiting++;
                try {
                    waitFor(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, WAIT_SLICE_MILLIS));
                } finally {
                    waiting--;
                }
            }
        }
        BeanstalkConnection connection;
        try {
            connection = BeanstalkConnection.open(config);
        } catch (RuntimeException e) {
            synchronized (lock) {
                opening--;
                lock.notifyAll();
            }
            throw e;
        }
        synchronized (lock) {
            opening--;
            if (closed) {
                connection.close();
                checkOpen();
            }
            ReserveConnection c = new ReserveConnection(connection);
            open.add(c);
            return c;
        }
    }

    /** After a reserve on {@code c}: pinned if it now holds jobs, else free. */
    void reserved(ReserveConnection c) {
        synchronized (lock) {
            if (c.state == State.CLOSED) {
                return;
            }
            c.state = State.PINNED;
            freeIfIdle(c);
        }
    }

    /**
     * Records that {@code c} reserved {@code jobId}; returns the reservation under a new token. A reservation
     * of the same job under an older token (its TTR ran out) is dropped.
     */
    Reservation hold(ReserveConnection c, long jobId, long priority, long ttrSeconds, long safeUntil,
            long expires) {
        synchronized (lock) {
            long token = ++lastToken;
            Long previous = tokenByJob.put(jobId, token);
            if (previous != null) {
                Reservation old = byToken.get(previous);
                if (old != null) {
                    drop(old);
                    freeIfIdle(old.connection());
                }
            }
            Reservation r = new Reservation(token, jobId, c, priority, ttrSeconds, safeUntil, expires);
            byToken.put(token, r);
            c.held.add(token);
            return r;
        }
    }

    /**
     * The live reservation {@code ref} names, counted as in use until {@link #done}; null if it is unknown,
     * no longer current, or certainly expired (then it is dropped).
     */
    Reservation acquire(JobRef ref) {
        synchronized (lock) {
            Reservation r = byToken.get(ref.reservation());
            if (r == null || r.jobId() != ref.id()) {
                return null;
            }
            ReserveConnection c = r.connection();
            if (c.state == State.CLOSED || System.nanoTime() - r.expires() >= 0) {
                return null; // expired: ExpiredJobReleaser gives it back and drops it
            }
            c.inFlight++;
            return r;
        }
    }

    /** Ends the use begun by {@link #acquire}; {@code over} when the job left the reservation. */
    void done(Reservation r, boolean over) {
        synchronized (lock) {
            ReserveConnection c = r.connection();
            c.inFlight--;
            if (over) {
                drop(r);
            }
            freeIfIdle(c);
        }
    }

    /**
     * Closes a connection that broke (or failed midway through a reserve) and forgets its reservations: the
     * server releases the jobs of a closed connection.
     */
    void broken(ReserveConnection c) {
        synchronized (lock) {
            if (c.state != State.CLOSED) {
                c.state = State.CLOSED;
                open.remove(c);
                free.remove(c);
                for (Long token : List.copyOf(c.held)) {
                    drop(byToken.get(token));
                }
                c.held.clear();
                lock.notifyAll();
            }
        }
        c.close();
    }

    /**
     * The reservations whose TTR has certainly passed, by connection, for connections no thread is using; each
     * such connection is marked in use until {@link #expiredReleased}.
     */
    Map<ReserveConnection, List<Reservation>> expired() {
        synchronized (lock) {
            long now = System.nanoTime();
            Map<ReserveConnection, List<Reservation>> due = new HashMap<>();
            for (ReserveConnection c : open) {
                if (c.state != State.PINNED || c.inFlight > 0) {
                    continue;
                }
                List<Reservation> gone = new ArrayList<>();
                for (Reservation r : reservationsOf(c)) {
                    if (now - r.expires() >= 0) {
                        gone.add(r);
                    }
                }
                if (!gone.isEmpty()) {
                    c.inFlight++;
                    due.put(c, gone);
                }
            }
            return due;
        }
    }

    /** After the jobs from {@link #expired} were given back: drops their reservations, freeing {@code c} if idle. */
    void expiredReleased(ReserveConnection c, List<Reservation> released) {
        synchronized (lock) {
            c.inFlight--;
            for (Reservation r : released) {
                drop(r);
            }
            freeIfIdle(c);
        }
    }

    /** Closes the connections that hold nothing and wait in the pool. */
    void closeFree() {
        List<ReserveConnection> idle;
        synchronized (lock) {
            idle = new ArrayList<>(free);
            free.clear();
            for (ReserveConnection c : idle) {
                c.state = State.CLOSED;
                open.remove(c);
            }
            lock.notifyAll();
        }
        for (ReserveConnection c : idle) {
            c.close();
        }
    }

    /** How many reserving connections are open, for tests and monitoring. */
    int openConnections() {
        synchronized (lock) {
            return open.size();
        }
    }

    /** How many reserves wait, at the limit, for a connection to free up; for tests and monitoring. */
    int waitingForConnection() {
        synchronized (lock) {
            return waiting;
        }
    }

    /** Closes every connection; the server releases the jobs they held. Later takes fail. */
    void close() {
        List<ReserveConnection> all;
        synchronized (lock) {
            closed = true;
            all = new ArrayList<>(open);
            for (ReserveConnection c : all) {
                c.state = State.CLOSED;
            }
            open.clear();
            free.clear();
            byToken.clear();
            tokenByJob.clear();
            lock.notifyAll();
        }
        for (ReserveConnection c : all) {
            c.close();
        }
    }

    // ---- under the lock -----------------------------------------------------------------------------------

    private void checkOpen() {
        if (closed) {
            throw new BackendException("the beanstalkd backend is closed");
        }
    }

    private List<Reservation> reservationsOf(ReserveConnection c) {
        List<Reservation> held = new ArrayList<>(c.held.size());
        for (Long token : c.held) {
            Reservation r = byToken.get(token);
            if (r != null) {
                held.add(r);
            }
        }
        return held;
    }

    private ReserveConnection pickFree(List<String> tubes) {
        for (Iterator<ReserveConnection> it = free.iterator(); it.hasNext(); ) {
            ReserveConnection c = it.next();
            if (c.watchesExactly(tubes)) {
                it.remove();
                return c;
            }
        }
        return free.poll();
    }

    private void drop(Reservation r) {
        if (r == null) {
            return;
        }
        byToken.remove(r.token(), r);
        tokenByJob.remove(r.jobId(), r.token());
        r.connection().held.remove(r.token());
    }

    private void freeIfIdle(ReserveConnection c) {
        if (c.state == State.PINNED && c.held.isEmpty() && c.inFlight == 0) {
            c.state = State.FREE;
            free.push(c);
            lock.notifyAll();
        }
    }

    private void waitFor(long millis) {
        try {
            lock.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting for a free reserving connection");
        }
    }
}
