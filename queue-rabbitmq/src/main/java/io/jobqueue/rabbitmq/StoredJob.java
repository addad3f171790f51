package io.jobqueue.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import io.jobqueue.BackendException;
import io.jobqueue.Job;
import io.jobqueue.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A job as one message carries it: the payload is the body, everything else travels in {@code jq-*} headers,
 * since the broker keeps no other record of a job.
 *
 * @param reserves reservations before the message was (re)published; the broker counts returns since then
 * @param error the reason given when the job was last buried, or null
 */
record StoredJob(long id, String pipeline, byte[] payload, long priority, long ttrMillis, long createdMillis,
        int reserves, String error) {
    static final String ID = "jq-id";
    static final String PIPELINE = "jq-pipeline";
    static final String PRIORITY = "jq-priority";
    static final String TTR = "jq-ttr";
    static final String CREATED = "jq-created";
    static final String RESERVES = "jq-reserves";
    static final String ERROR = "jq-error";
    static final String DUE = "jq-due";
    /** Quorum queues count every return of a message to the queue (nack, TTR expiry, a closed channel). */
    private static final String DELIVERY_COUNT = "x-delivery-count";

    /** Persistent message properties; for a delay, the digits that route it through the delay levels. */
    AMQP.BasicProperties properties(RabbitConfig config, long delaySeconds, long nowMillis) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(ID, id);
        headers.put(PIPELINE, pipeline);
        headers.put(PRIORITY, priority);
        headers.put(TTR, ttrMillis);
        headers.put(CREATED, createdMillis);
        headers.put(RESERVES, reserves);
        if (error != null) {
            headers.put(ERROR, error);
        }
        if (delaySeconds > 0) {
            headers.put(DUE, nowMillis + delaySeconds * 1000);
            for (int level = 0; level < Delays.LEVELS; level++) {
                headers.put(Delays.digitHeader(level), Delays.passes(delaySeconds, level) ? "1" : "0");
            }
        }
        AMQP.BasicProperties.Builder props = new AMQP.BasicProperties.Builder()
                .deliveryMode(2)
                .contentType("application/octet-stream")
                .messageId(Long.toString(id))
                .timestamp(new java.util.Date(createdMillis))
                .headers(headers);
        if (config.queueType() == RabbitConfig.QueueType.CLASSIC) {
            props.priority(Priorities.amqp(priority, config.maxPriority()));
        }
        return props.build();
    }

    StoredJob withPriority(long newPriority) {
        return new StoredJob(id, pipeline, payload, newPriority, ttrMillis, createdMillis, reserves, error);
    }

    /** The job as it goes back after {@code reservesSoFar} reservations, buried with {@code reason} if given. */
    StoredJob returned(long newPriority, int reservesSoFar, String reason) {
        return new StoredJob(id, pipeline, payload, newPriority, ttrMillis, createdMillis, reservesSoFar,
                reason != null ? reason : error);
    }

    /** Reads a message this backend published; anything else in its queues is a broker-level problem. */
    static StoredJob from(GetResponse message) {
        Map<String, Object> h = message.getProps().getHeaders();
        if (h == null || !(h.get(ID) instanceof Number)) {
            throw new BackendException("a message without jobqueue headers is in a jobqueue queue (routing key "
                    + message.getEnvelope().getRoutingKey() + "); remove it with a management tool");
        }
        int returns = h.get(DELIVERY_COUNT) instanceof Number n ? n.intValue()
                : message.getEnvelope().isRedeliver() ? 1 : 0;
        return new StoredJob(number(h, ID), string(h, PIPELINE), message.getBody(), number(h, PRIORITY),
                number(h, TTR), number(h, CREATED), (int) number(h, RESERVES) + returns, string(h, ERROR));
    }

    Job toJob(JobState state, long reservation, int reservesNow) {
        return new Job(id, pipeline, payload, priority, Duration.ofMillis(ttrMillis), state, reservesNow,
                Instant.ofEpochMilli(createdMillis), reservation, error);
    }

    private static long number(Map<String, Object> headers, String name) {
        return headers.get(name) instanceof Number n ? n.longValue() : 0;
    }

    private static String string(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        return value == null ? null : value.toString();
    }
}
