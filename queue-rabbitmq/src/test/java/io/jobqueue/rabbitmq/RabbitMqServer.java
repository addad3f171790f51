package io.jobqueue.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.jobqueue.Capability;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The RabbitMQ server the tests use: {@code JOBQUEUE_TEST_RABBITMQ_URL}, by default the machine's own broker
 * with the default vhost. Tests use pipelines of their own and delete the queues they declared; a test with
 * options of its own (queue type) also uses a prefix of its own, and deletes its delay exchanges too. Public
 * for other modules' tests (queue-tasks), through this module's test jar.
 */
public final class RabbitMqServer {
    public static final String URL = System.getenv().getOrDefault("JOBQUEUE_TEST_RABBITMQ_URL",
            "amqp://guest:guest@127.0.0.1:5672/%2F");

    private RabbitMqServer() {}

    /** A prefix no other test run uses. */
    static String newPrefix() {
        return "jqt" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24, Integer.MAX_VALUE));
    }

    /** Deletes the queues {@code backend} declared (it may be closed); the shared delay exchanges stay. */
    public static void deleteQueuesOf(RabbitBackend backend) throws Exception {
        deleteAll(null, backend.declaredQueues());
    }

    /** Why RabbitMQ lacks {@code capability}, for a skipped test's message; empty if it has it. */
    public static Optional<String> lacking(Capability capability) {
        return RabbitMqReasons.lacking(capability);
    }

    /** Deletes {@code queues}, and the delay exchanges of {@code prefix} unless it is null. */
    static void deleteAll(String prefix, Collection<String> queues) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(URL);
        try (Connection connection = factory.newConnection("jobqueue-test-cleanup")) {
            Channel ch = connection.createChannel();
            for (String queue : queues) {
                ch.queueDelete(queue);
            }
            if (prefix != null) {
                Names names = new Names(prefix);
                for (int level = 0; level < Delays.LEVELS; level++) {
                    ch.exchangeDelete(names.delayExchange(level));
                }
                ch.exchangeDelete(names.dueExchange());
            }
        }
    }
}
