package io.jobqueue.rabbitmq;

import io.jobqueue.Capability;
import java.util.Optional;

/** Why RabbitMQ lacks each capability it does not declare, in AMQP's terms, for the suite's skip messages. */
final class RabbitMqReasons {
    private RabbitMqReasons() {}

    static Optional<String> lacking(Capability capability) {
        return Optional.ofNullable(switch (capability) {
            case PEEK -> "AMQP reads a queue only by taking the message at its head (basic.get, basic.consume):"
                    + " a message cannot be read by id or in place, and a quorum queue returns a taken message to"
                    + " its tail";
            case DELETE_BY_ID -> "AMQP removes a message only by acknowledging its delivery, so a job nobody holds"
                    + " cannot be found by id to delete";
            case KICK_BY_ID -> "a buried or delayed message cannot be found by id in an AMQP queue; kick(pipeline, n)"
                    + " moves messages from the queue heads";
            case PRIORITY_ORDER -> "quorum queues of RabbitMQ 3.10 have no priorities and return a released message"
                    + " to their tail; classic queues have at most 255 AMQP priority levels, onto which the 32-bit"
                    + " priority maps by bit length";
            case RESERVED_COUNT -> "AMQP does not report a queue's unacknowledged messages; reserved counts only"
                    + " this process's reservations";
            case TRANSACTIONAL_ADD -> "a RabbitMQ publish cannot join a JDBC transaction";
            case PAUSE -> "AMQP has no flag every process reads before basic.get; a marker queue per paused pipeline"
                    + " would cost a passive declare per reserve, and one that is absent closes the channel";
            case UNIQUE_JOBS -> "AMQP cannot look a message up by key, nor check and publish in one step, so a"
                    + " second publisher cannot learn the first one's job id";
            case LIST_BY_STATE -> "AMQP reads a queue only by taking the message at its head, so the messages of a"
                    + " queue cannot be listed in place";
            case WORKER_REGISTRY -> "AMQP holds only messages, and a message cannot be read in place or replaced,"
                    + " so a heartbeat has nowhere to live; a queue's consumer count (queue.declare) says how many"
                    + " consumers, not which processes";
            case SCHEDULES -> "AMQP keeps messages, not records: there is no schedule row whose next run a"
                    + " publisher could move conditionally, so several schedulers cannot agree which one publishes an"
                    + " occurrence";
            case PIPELINE_LIMITS -> "AMQP's prefetch limits one channel's unacknowledged messages, not a queue's"
                    + " across consumers, and basic.get cannot check a count kept elsewhere atomically";
            default -> null;
        });
    }
}
