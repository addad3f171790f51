package io.jobqueue.beanstalkd;

import io.jobqueue.beanstalkd.client.BeanstalkConnection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One connection that reserves jobs, and afterwards deletes, releases, buries and touches them: beanstalkd
 * accepts those only from the connection that reserved the job.
 *
 * <p>A plain {@link BeanstalkConnection}, not a reconnecting client: if it breaks, the server releases the
 * jobs it held, and a silent reconnect would send the next {@code delete} on a connection that holds nothing
 * (where beanstalkd deletes a READY job from anyone). A broken one is closed and never used again.
 *
 * <p>Commands are serialized by the connection's lock. The fields below the lock belong to
 * {@link Reservations} and are guarded by its lock.
 */
final class ReserveConnection {
    static final String DEFAULT_TUBE = "default";

    /** Where a connection is in its cycle: free, reserving (one thread), pinned to jobs, or gone. */
    enum State { FREE, RESERVING, PINNED, CLOSED }

    private final BeanstalkConnection connection;
    private final ReentrantLock lock = new ReentrantLock();
    /** Tubes the server has this connection watch; only the reserving thread changes it. */
    private final Set<String> watched = new LinkedHashSet<>(List.of(DEFAULT_TUBE));

    // guarded by the Reservations lock
    State state = State.RESERVING;
    final Set<Long> held = new HashSet<>();
    int inFlight;

    ReserveConnection(BeanstalkConnection connection) {
        this.connection = connection;
    }

    /** Runs one command (or a sequence) on the connection, alone. */
    <T> T call(Function<BeanstalkConnection, T> command) {
        lock.lock();
        try {
            return command.apply(connection);
        } finally {
            lock.unlock();
        }
    }

    /** True if the connection watches exactly {@code tubes}, in any order. */
    boolean watchesExactly(List<String> tubes) {
        return watched.size() == new HashSet<>(tubes).size() && watched.containsAll(tubes);
    }

    /**
     * Makes the connection watch exactly {@code tubes}: watches the new ones first, then ignores the rest, so
     * the watch list is never empty. Call inside {@link #call}.
     */
    void watchOnly(BeanstalkConnection c, List<String> tubes) {
        for (String tube : tubes) {
            if (!watched.contains(tube)) {
                c.watch(tube);
                watched.add(tube);
            }
        }
        for (String tube : List.copyOf(watched)) {
            if (!tubes.contains(tube)) {
                c.ignore(tube);
                watched.remove(tube);
            }
        }
    }

    /** Closes the socket without waiting: a reserve blocked on it fails, and the server releases its jobs. */
    void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return connection.toString();
    }
}
