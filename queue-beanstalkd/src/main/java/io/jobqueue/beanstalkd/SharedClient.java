package io.jobqueue.beanstalkd;

import io.jobqueue.beanstalkd.client.BeanstalkClient;
import io.jobqueue.beanstalkd.client.BeanstalkConfig;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A reconnecting client shared by threads for commands that never hold a reservation (put, peek, kick,
 * stats, delete by id). Its lock makes {@code use} and the command after it one step, so two threads never
 * interleave tubes.
 *
 * <p>The client reconnects on the command after a failure but never replays the one that failed. Reads are
 * safe to replay, so {@link #read} tries once more when the connection turns out to be broken (an idle
 * connection cut by a server restart or a firewall is only noticed when used). Writes are not replayed: their
 * failure is reported, since the server may or may not have applied them.
 *
 * <p><b>Bounds.</b> Every command has {@link BeanstalkConfig#commandTimeout()} for its round trip, and one that
 * times out breaks the connection and releases the lock, so a thread queued behind a stalled command waits at
 * most that long for it. A {@link #read}, both attempts and the reconnect between them, takes at most
 * {@code commandTimeout} in all ({@link BeanstalkClient#within}), not twice that. A {@link #call} bounds each
 * of its commands ({@code use}, then {@code put}) separately.
 */
final class SharedClient implements AutoCloseable {
    private final BeanstalkClient client;
    private final ReentrantLock lock = new ReentrantLock();

    SharedClient(BeanstalkClient client) {
        this.client = client;
    }

    /** Runs {@code command} once; client failures become queue exceptions that mention {@code what}. */
    <T> T call(String what, Function<BeanstalkClient, T> command) {
        lock.lock();
        try {
            return command.apply(client);
        } catch (RuntimeException e) {
            throw Failures.of(what, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a command that changes nothing, once more on a new connection if the first one was broken; both
     * within one {@code commandTimeout}.
     */
    <T> T read(String what, Function<BeanstalkClient, T> command) {
        lock.lock();
        try {
            return bounded(c -> {
                try {
                    return command.apply(c);
                } catch (RuntimeException e) {
                    if (!Failures.breaksConnection(e)) {
                        throw e;
                    }
                    return command.apply(c);
                }
            });
        } catch (RuntimeException e) {
            throw Failures.of(what, e);
        } finally {
            lock.unlock();
        }
    }

    private <T> T bounded(Function<BeanstalkClient, T> calls) {
        Duration timeout = client.config().commandTimeout();
        return timeout.isZero() ? calls.apply(client) : client.within(timeout, calls);
    }

    /** {@link #call} with {@code tube} as the used tube ({@code use} is sent only when it changes). */
    <T> T inTube(String tube, String what, Function<BeanstalkClient, T> command) {
        return call(what, c -> inTube(c, tube, command));
    }

    /** {@link #read} with {@code tube} as the used tube. */
    <T> T readInTube(String tube, String what, Function<BeanstalkClient, T> command) {
        return read(what, c -> inTube(c, tube, command));
    }

    private static <T> T inTube(BeanstalkClient c, String tube, Function<BeanstalkClient, T> command) {
        if (!tube.equals(c.usedTube())) {
            c.use(tube);
        }
        return command.apply(c);
    }

    @Override
    public void close() {
        client.close();
    }
}
