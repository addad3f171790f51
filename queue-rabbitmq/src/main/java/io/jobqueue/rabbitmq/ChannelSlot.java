package io.jobqueue.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.jobqueue.BackendException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * One channel, used by one thread at a time (AMQP channels are not safe to share), and replaced when it closes.
 *
 * <p>Deliveries are acknowledged on the channel that received them, and only while that channel lives: when it
 * closes (a channel error, a lost connection, even one the client then recovers) the broker puts its
 * unacknowledged messages back. So each channel instance has a generation; a reservation remembers the
 * generation it was taken under, and {@code onLost} hears of each generation that ended.
 */
final class ChannelSlot implements AutoCloseable {
    private final Connection connection;
    private final String name;
    private final IntConsumer onLost;
    private final ReentrantLock lock = new ReentrantLock();
    private Channel channel;
    /** Bumped when a channel shuts down, so deliveries taken before are told apart from later ones. */
    private final AtomicInteger generation = new AtomicInteger();

    @FunctionalInterface
    interface ChannelCall<T> {
        T run(Channel channel) throws IOException, TimeoutException, InterruptedException;
    }

    ChannelSlot(Connection connection, String name, IntConsumer onLost) {
        this.connection = connection;
        this.name = name;
        this.onLost = onLost;
    }

    /** Runs {@code call} on this slot's channel, opening a new channel if the last one closed. */
    <T> T call(String what, ChannelCall<T> call) {
        lock.lock();
        try {
            return call.run(open());
        } catch (IOException | ShutdownSignalException | TimeoutException e) {
            throw new BackendException(what + ": " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(what + ": interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #call}, but only while the channel of {@code expectedGeneration} is still open. */
    <T> T callOn(int expectedGeneration, String what, ChannelCall<T> call, T ifGone) {
        lock.lock();
        try {
            if (channel == null || !channel.isOpen() || generation.get() != expectedGeneration) {
                return ifGone;
            }
            return call(what, call);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The generation deliveries taken from now on belong to; read it before taking them, so a shutdown in
     * between leaves them under an ended generation.
     */
    int generation() {
        return generation.get();
    }

    private Channel open() throws IOException {
        if (channel == null || !channel.isOpen()) {
            Channel created = connection.createChannel();
            if (created == null) {
                throw new IOException("no channel available on the connection (channel_max reached)");
            }
            // Also fires when a recovering connection drops: the recovered channel keeps its object but not the
            // deliveries, whose tags the client then ignores.
            created.addShutdownListener(cause -> onLost.accept(generation.getAndIncrement()));
            channel = created;
        }
        return channel;
    }

    static String reason(Exception e) {
        Throwable t = e;
        if (e.getCause() instanceof ShutdownSignalException s) {
            t = s;
        }
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (channel != null && channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            // closing anyway
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
