package io.jobqueue.rabbitmq;

/**
 * How the job's unsigned 32-bit priority (lower runs first) maps onto classic queues' AMQP priority (higher
 * runs first, {@code 0..maxPriority}): by the priority's bit length, 0 for priority 0 up to 32 for priorities
 * from 2^31, scaled onto the levels, most urgent highest. With 32 levels every power of two is a level of its
 * own (0, 1, 2-3, 4-7, …, 1024-2047, …); with the default 10, priority 0 and 1 share the top level 10 and the
 * default 1024 is level 7. Jobs of one level run in the order added, whatever their exact priorities.
 *
 * <p>Quorum queues (the default) have no priorities on RabbitMQ 3.10: they run jobs in the order added. Either
 * way the exact priority travels with the job in a header and is what {@link io.jobqueue.Job#priority()} reads.
 */
final class Priorities {
    private Priorities() {}

    static int amqp(long priority, int maxPriority) {
        int bits = 64 - Long.numberOfLeadingZeros(priority);
        return maxPriority - bits * maxPriority / 32;
    }
}
