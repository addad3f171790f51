package io.jobqueue.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.jobqueue.BackendException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeoutException;

/**
 * Publishes with publisher confirms: {@link #publish} returns only once the broker has taken every message
 * (for a quorum queue: a majority of its replicas wrote it). Channels in confirm mode are pooled, each used by
 * one thread at a time; a channel that failed is closed, never reused. Messages are mandatory, so one that no
 * queue takes (a queue deleted behind the backend's back) fails the publish instead of vanishing.
 */
final class Publisher implements AutoCloseable {
    private final Connection connection;
    /** The longest a publish waits for the broker's confirms (the queue's callTimeout). */
    private final Duration confirmTimeout;
    private final ConcurrentLinkedDeque<ConfirmChannel> idle = new ConcurrentLinkedDeque<>();

    /** One message to publish. */
    record Outgoing(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {}

    private static final class ConfirmChannel {
        final Channel channel;
        volatile int returned;

        ConfirmChannel(Channel channel) {
            this.channel = channel;
        }
    }

    Publisher(Connection connection, Duration confirmTimeout) {
        this.connection = connection;
        this.confirmTimeout = confirmTimeout;
    }

    void publish(List<Outgoing> messages, String what) {
        ConfirmChannel c = null;
        boolean reusable = false;
        try {
            c = borrow();
            c.returned = 0;
            for (Outgoing m : messages) {
                c.channel.basicPublish(m.exchange(), m.routingKey(), true, m.properties(), m.body());
            }
            c.channel.waitForConfirmsOrDie(confirmTimeout.toMillis());
            if (c.returned > 0) {
                reusable = true;
                throw new BackendException(what + ": the broker routed " + c.returned + " message(s) to no queue;"
                        + " were this backend's queues deleted while it ran? Reopen the backend to declare them again");
            }
            reusable = true;
        } catch (IOException | ShutdownSignalException e) {
            throw new BackendException(what + ": " + ChannelSlot.reason(e), e);
        } catch (TimeoutException e) {
            throw new BackendException(what + ": the broker did not confirm within " + confirmTimeout.toMillis()
                    + " ms (callTimeout); the jobs may or may not have been stored", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(what + ": interrupted waiting for the broker's confirm;"
                    + " the jobs may or may not have been stored", e);
        } finally {
            if (c != null) {
                if (reusable && c.channel.isOpen()) {
                    idle.push(c);
                } else {
                    closeQuietly(c.channel);
                }
            }
        }
    }

    private ConfirmChannel borrow() throws IOException {
        ConfirmChannel c;
        while ((c = idle.poll()) != null) {
            if (c.channel.isOpen()) {
                return c;
            }
        }
        Channel channel = connection.createChannel();
        if (channel == null) {
            throw new IOException("no channel available on the connection (channel_max reached)");
        }
        channel.confirmSelect();
        ConfirmChannel created = new ConfirmChannel(channel);
        channel.addReturnListener(r -> created.returned++);
        return created;
    }

    private static void closeQuietly(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            // it was failing anyway
        }
    }

    @Override
    public void close() {
        ConfirmChannel c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c.channel);
        }
    }
}
