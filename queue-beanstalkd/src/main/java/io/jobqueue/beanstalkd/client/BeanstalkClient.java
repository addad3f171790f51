package io.jobqueue.beanstalkd.client;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A beanstalkd client over one {@link BeanstalkConnection} at a time, reconnecting when it breaks.
 *
 * <pre>{@code
 * try (BeanstalkClient producer = BeanstalkClient.connect("beanstalkd://localhost:11300")) {
 *     producer.use("emails");
 *     long id = producer.put("hello".getBytes(UTF_8)).id();
 * }
 * }</pre>
 *
 * <p><b>Thread safety.</b> Instances are thread-safe: commands are serialized by a lock, one command (request
 * and reply) at a time on the one connection. A blocking {@link #reserve()} (or a long
 * {@link #reserveWithTimeout(long)}) holds that lock until a job arrives, so every other thread using the same
 * client waits behind it. Give each consumer that blocks in reserve its own client ({@link #duplicate()}),
 * and let producers share another one. {@link #close()} does not wait for the lock: it closes the socket, so
 * a blocked reserve ends with a {@link BeanstalkConnectionException}.
 *
 * <p><b>Reconnects.</b> When the connection broke (I/O failure, command timeout, unparseable reply), the next
 * command opens a new one, trying up to {@link BeanstalkConfig#reconnectAttempts()} times with exponential
 * backoff, then restores the used tube and the watch list ({@code use}, {@code watch}, and
 * {@code ignore default} if default is not watched). The command that failed is not replayed: it may or may
 * not have been applied (a {@code put} may have inserted its job), so the caller decides. Jobs reserved on
 * the old connection are released by the server and cannot be deleted from the new one.
 *
 * <p><b>Deadlines.</b> Each command has {@link BeanstalkConfig#commandTimeout()} for its whole round trip (see
 * {@link BeanstalkConnection}); a timed-out command breaks the connection, and the lock is released with the
 * failure, so threads waiting behind a command wait at most that long for it. A call made of several commands
 * (or retrying one) can be bounded as a whole with {@link #within}.
 */
public final class BeanstalkClient implements BeanstalkCommands, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BeanstalkClient.class);
    private static final String DEFAULT_TUBE = "default";

    private final BeanstalkConfig config;
    private final Sleeper sleeper;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile BeanstalkConnection connection;
    private volatile boolean closed;
    /** The deadline of the {@link #within} call in progress, guarded by the lock; null if none. */
    private CallDeadline callDeadline;
    private String usedTube = DEFAULT_TUBE;
    private final Set<String> watchedTubes = new LinkedHashSet<>(List.of(DEFAULT_TUBE));

    /** A client that connects on its first command. */
    public BeanstalkClient(BeanstalkConfig config) {
        this(config, Sleeper.SYSTEM);
    }

    BeanstalkClient(BeanstalkConfig config, Sleeper sleeper) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = config;
        this.sleeper = sleeper;
    }

    /**
     * Connects now to {@code beanstalkd://host[:port]}, with default settings otherwise.
     *
     * @throws BeanstalkConnectionException if no connection could be made within the reconnect attempts
     */
    public static BeanstalkClient connect(String url) {
        return connect(BeanstalkConfig.fromUrl(url));
    }

    /** Connects now with these settings. */
    public static BeanstalkClient connect(BeanstalkConfig config) {
        return connectNow(new BeanstalkClient(config));
    }

    private static BeanstalkClient connectNow(BeanstalkClient client) {
        try {
            client.call(connection -> null);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    /**
     * A new client with the same settings and its own connection (opened now), using and watching
     * {@code default}. Use one per consumer that blocks in reserve.
     */
    public BeanstalkClient duplicate() {
        return connectNow(new BeanstalkClient(config, sleeper));
    }

    public BeanstalkConfig config() {
        return config;
    }

    /**
     * Runs {@code calls} (any commands on this client, retries included) holding the client's lock, with one
     * deadline over all of them: no command, and no reconnect, runs past {@code timeout} from now; the command
     * running then fails with a {@link BeanstalkTimeoutException}. Nested calls keep the earlier deadline.
     *
     * <pre>{@code
     * // a read retried once on a new connection: both attempts together take at most 10 s
     * client.within(Duration.ofSeconds(10), c -> {
     *     try {
     *         return c.statsTube("emails");
     *     } catch (BeanstalkConnectionException e) {
     *         return c.statsTube("emails");
     *     }
     * });
     * }</pre>
     */
    public <T> T within(Duration timeout, Function<BeanstalkClient, T> calls) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        long budgetMillis = Math.max(1, Math.min(timeout.toMillis(), Long.MAX_VALUE / 2_000_000));
        CallDeadline mine = new CallDeadline(System.nanoTime() + budgetMillis * 1_000_000, budgetMillis);
        lock.lock();
        CallDeadline outer = callDeadline;
        try {
            callDeadline = CallDeadline.earlier(outer, mine);
            return calls.apply(this);
        } finally {
            callDeadline = outer;
            BeanstalkConnection current = connection;
            if (current != null) {
                current.callDeadline(outer);
            }
            lock.unlock();
        }
    }

    /** The tube this client puts into, as tracked by the client (no round trip). */
    public String usedTube() {
        return locked(() -> usedTube);
    }

    /** The tubes this client watches, as tracked by the client (no round trip). */
    public List<String> watchedTubes() {
        return locked(() -> List.copyOf(watchedTubes));
    }

    @Override
    public PutResult put(PutRequest request) {
        return call(c -> c.put(request));
    }

    @Override
    public List<PutResult> putAll(List<PutRequest> requests) {
        return call(c -> c.putAll(requests));
    }

    @Override
    public String use(String tube) {
        return call(c -> {
            String used = c.use(tube);
            usedTube = used;
            return used;
        });
    }

    @Override
    public BeanstalkJob reserve() {
        return call(BeanstalkConnection::reserve);
    }

    @Override
    public Optional<BeanstalkJob> reserveWithTimeout(long timeoutSeconds) {
        return call(c -> c.reserveWithTimeout(timeoutSeconds));
    }

    @Override
    public List<BeanstalkJob> reserveReady(int max) {
        return call(c -> c.reserveReady(max));
    }

    @Override
    public Optional<BeanstalkJob> reserveJob(long id) {
        return call(c -> c.reserveJob(id));
    }

    @Override
    public boolean delete(long id) {
        return call(c -> c.delete(id));
    }

    @Override
    public List<Boolean> deleteAll(List<Long> ids) {
        return call(c -> c.deleteAll(ids));
    }

    @Override
    public ReleaseResult release(long id, long priority, long delaySeconds) {
        return call(c -> c.release(id, priority, delaySeconds));
    }

    @Override
    public boolean bury(long id, long priority) {
        return call(c -> c.bury(id, priority));
    }

    @Override
    public boolean touch(long id) {
        return call(c -> c.touch(id));
    }

    @Override
    public int watch(String tube) {
        return call(c -> {
            int count = c.watch(tube);
            watchedTubes.add(tube);
            return count;
        });
    }

    @Override
    public int ignore(String tube) {
        return call(c -> {
            int count = c.ignore(tube);
            watchedTubes.remove(tube);
            return count;
        });
    }

    @Override
    public Optional<BeanstalkJob> peek(long id) {
        return call(c -> c.peek(id));
    }

    @Override
    public Optional<BeanstalkJob> peekReady() {
        return call(BeanstalkConnection::peekReady);
    }

    @Override
    public Optional<BeanstalkJob> peekDelayed() {
        return call(BeanstalkConnection::peekDelayed);
    }

    @Override
    public Optional<BeanstalkJob> peekBuried() {
        return call(BeanstalkConnection::peekBuried);
    }

    @Override
    public long kick(long bound) {
        return call(c -> c.kick(bound));
    }

    @Override
    public boolean kickJob(long id) {
        return call(c -> c.kickJob(id));
    }

    @Override
    public Optional<JobStats> statsJob(long id) {
        return call(c -> c.statsJob(id));
    }

    @Override
    public List<Optional<JobStats>> statsJobs(List<Long> ids) {
        return call(c -> c.statsJobs(ids));
    }

    @Override
    public Optional<TubeStats> statsTube(String tube) {
        return call(c -> c.statsTube(tube));
    }

    @Override
    public ServerStats stats() {
        return call(BeanstalkConnection::stats);
    }

    @Override
    public List<String> listTubes() {
        return call(BeanstalkConnection::listTubes);
    }

    @Override
    public String listTubeUsed() {
        return call(BeanstalkConnection::listTubeUsed);
    }

    @Override
    public List<String> listTubesWatched() {
        return call(BeanstalkConnection::listTubesWatched);
    }

    @Override
    public boolean pauseTube(String tube, long delaySeconds) {
        return call(c -> c.pauseTube(tube, delaySeconds));
    }

    /** Sends {@code quit} (if connected) and closes the client; it cannot be used afterwards. */
    @Override
    public void quit() {
        lock.lock();
        try {
            BeanstalkConnection current = connection;
            if (current != null) {
                current.quit();
            }
        } finally {
            lock.unlock();
        }
        close();
    }

    /**
     * Closes the connection without waiting for a command in progress (a blocked reserve fails). Later
     * commands throw {@link IllegalStateException}.
     */
    @Override
    public void close() {
        closed = true;
        BeanstalkConnection current = connection;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public String toString() {
        return "BeanstalkClient[" + config.address() + (closed ? ", closed" : "") + "]";
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private <T> T call(Function<BeanstalkConnection, T> command) {
        lock.lock();
        try {
            return command.apply(usableConnection());
        } finally {
            lock.unlock();
        }
    }

    private BeanstalkConnection usableConnection() {
        if (closed) {
            throw new IllegalStateException("beanstalkd client for " + config.address() + " is closed");
        }
        BeanstalkConnection current = connection;
        if (current != null && current.isUsable()) {
            current.callDeadline(callDeadline);
            return current;
        }
        if (current != null) {
            LOG.warn("beanstalkd connection to {} is broken ({}); reconnecting", config.address(),
                    current.brokenCause().map(Throwable::getMessage).orElse("closed"));
            current.close();
            connection = null;
        }
        BeanstalkConnection fresh = openWithBackoff();
        fresh.callDeadline(callDeadline);
        try {
            restoreTubes(fresh);
        } catch (RuntimeException e) {
            fresh.close();
            throw e;
        }
        connection = fresh;
        if (closed) {
            fresh.close();
            throw new IllegalStateException("beanstalkd client for " + config.address() + " is closed");
        }
        return fresh;
    }

    private BeanstalkConnection openWithBackoff() {
        Duration delay = config.reconnectInitialDelay();
        BeanstalkConnectionException last = null;
        CallDeadline cap = callDeadline;
        for (int attempt = 1; attempt <= config.reconnectAttempts(); attempt++) {
            int connectMillis = config.connectTimeoutMillis();
            if (cap != null) {
                long left = cap.nanos() - System.nanoTime();
                if (left <= 0) {
                    throw new BeanstalkTimeoutException("connect", Duration.ofMillis(cap.budgetMillis()),
                            "connecting to beanstalkd at " + config.address() + " timed out: " + cap.describe()
                                    + (last == null ? " passed before a new connection was tried"
                                            : " passed after " + (attempt - 1) + " attempt(s); last failure: "
                                                    + last.getMessage()));
                }
                connectMillis = (int) Math.max(1, Math.min(connectMillis, (left + 999_999) / 1_000_000));
            }
            try {
                return BeanstalkConnection.open(config, connectMillis, System::nanoTime);
            } catch (BeanstalkConnectionException e) {
                last = e;
                LOG.debug("connection attempt {} of {} to {} failed: {}", attempt, config.reconnectAttempts(),
                        config.address(), e.getMessage());
            }
            if (attempt < config.reconnectAttempts()) {
                sleep(cap == null ? delay
                        : shorter(delay, Duration.ofNanos(Math.max(0, cap.nanos() - System.nanoTime()))));
                delay = delay.multipliedBy(2).compareTo(config.reconnectMaxDelay()) > 0
                        ? config.reconnectMaxDelay() : delay.multipliedBy(2);
            }
        }
        throw new BeanstalkConnectionException("cannot connect to beanstalkd at " + config.address() + " after "
                + config.reconnectAttempts() + " attempt(s): " + last.getMessage(), last);
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void sleep(Duration delay) {
        if (closed) {
            throw new IllegalStateException("beanstalkd client for " + config.address() + " is closed");
        }
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BeanstalkConnectionException("interrupted while waiting to reconnect to " + config.address(), e);
        }
    }

    private void restoreTubes(BeanstalkConnection fresh) {
        if (!usedTube.equals(DEFAULT_TUBE)) {
            fresh.use(usedTube);
        }
        for (String tube : watchedTubes) {
            if (!tube.equals(DEFAULT_TUBE)) {
                fresh.watch(tube);
            }
        }
        if (!watchedTubes.contains(DEFAULT_TUBE)) {
            fresh.ignore(DEFAULT_TUBE);
        }
    }
}
