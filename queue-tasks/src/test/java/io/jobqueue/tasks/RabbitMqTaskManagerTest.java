package io.jobqueue.tasks;

import io.jobqueue.Capability;
import io.jobqueue.rabbitmq.RabbitMqServer;

/**
 * Tasks on RabbitMQ, which cannot join a transaction either: the store is an SQLite file, the jobs go through its
 * outbox. The queues each test declared are deleted when it ends.
 */
class RabbitMqTaskManagerTest extends TaskManagerContract {
    @Override
    String database() {
        return "rabbitmq";
    }

    @Override
    String lacking(Capability capability) {
        return RabbitMqServer.lacking(capability).orElseGet(() -> super.lacking(capability));
    }
}
