package io.jobqueue.beanstalkd;

import io.jobqueue.beanstalkd.client.BeanstalkClient;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A reconnecting client shared by threads for commands that never hold a reservation (put, peek, kick,
 * stats, delete by id). Its lock makes {@code use} and the command after it one step, so two threads never
 * interleave tubes.
 */
final class SharedClient implements AutoCloseable {
    private final BeanstalkClient client;
    private final ReentrantLock lock = new ReentrantLock();

    SharedClient(BeanstalkClient client) {
        this.client = client;
    }

    /** Runs {@code command}; client failures become queue exceptions that mention {@code what}. */
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

    /** Runs {@code command} with {@code tube} as the used tube ({@code use} is sent only when it changes). */
    <T> T inTube(String tube, String what, Function<BeanstalkClient, T> command) {
        return call(what, c -> {
            if (!tube.equals(c.usedTube())) {
                c.use(tube);
            }
            return command.apply(c);
        });
    }

    @Override
    public void close() {
        client.close();
    }
}
