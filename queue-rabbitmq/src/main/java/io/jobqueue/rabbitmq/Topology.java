package io.jobqueue.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Declares the queues, exchanges and bindings (each once per backend instance; declaring is idempotent, so
 * several processes may declare the same) and counts messages in queues.
 *
 * <p>Every queue is durable, of the configured type: quorum (replicated in a cluster; delay levels dead-letter
 * at-least-once, so a broker failure cannot drop a job between levels) or classic (the ready queue with
 * {@code x-max-priority}; dead-lettering at-most-once, as classic queues offer). A queue declared earlier with
 * other arguments (another type, another {@code maxPriority}) makes the broker refuse the declaration: the
 * backend then fails with the broker's PRECONDITION_FAILED message.
 */
final class Topology {
    private final RabbitConfig config;
    private final Names names;
    private final ChannelSlot slot;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();

    Topology(RabbitConfig config, ChannelSlot slot) {
        this.config = config;
        this.names = new Names(config.prefix());
        this.slot = slot;
    }

    Names names() {
        return names;
    }

    /** The delay exchanges every pipeline shares; at open. */
    void declareShared() {
        slot.call("declaring the delay exchanges", ch -> {
            ch.exchangeDeclare(names.dueExchange(), BuiltinExchangeType.HEADERS, true);
            for (int level = 0; level < Delays.LEVELS; level++) {
                ch.exchangeDeclare(names.delayExchange(level), BuiltinExchangeType.HEADERS, true);
            }
            for (int level = 0; level < Delays.LEVELS; level++) {
                // A job whose digit at this level is 0 skips this level's queue.
                ch.exchangeBind(names.afterLevel(level), names.delayExchange(level), "",
                        match(Delays.digitHeader(level), "0"));
            }
            return null;
        });
    }

    /** The pipeline's ready and buried queues, and the binding that brings its delayed jobs back. */
    void pipeline(String pipeline) {
        String ready = names.ready(pipeline);
        if (declared.contains(ready)) { // added last, so its presence means all three are there
            return;
        }
        slot.call("declaring the queues of pipeline " + pipeline, ch -> {
            ch.queueDeclare(ready, true, false, false, readyArguments());
            ch.queueDeclare(names.buried(pipeline), true, false, false, typeArguments());
            ch.queueBind(ready, names.dueExchange(), "", match(StoredJob.PIPELINE, pipeline));
            return null;
        });
        declared.add(names.buried(pipeline));
        declared.add(ready);
    }

    /** The delay level queues a delay of {@code seconds} passes through. */
    void delay(String pipeline, long seconds) {
        pipeline(pipeline);
        for (int level = 0; level < Delays.LEVELS; level++) {
            if (Delays.passes(seconds, level)) {
                delayLevel(pipeline, level);
            }
        }
    }

    private void delayLevel(String pipeline, int level) {
        String queue = names.delayQueue(pipeline, level);
        if (declared.contains(queue)) {
            return;
        }
        slot.call("declaring delay level " + level + " of pipeline " + pipeline, ch -> {
            Map<String, Object> args = typeArguments();
            args.put("x-message-ttl", Delays.ttlMillis(level));
            args.put("x-dead-letter-exchange", names.afterLevel(level));
            if (config.queueType() == RabbitConfig.QueueType.QUORUM) {
                args.put("x-dead-letter-strategy", "at-least-once");
                args.put("x-overflow", "reject-publish"); // required by at-least-once dead-lettering
            }
            ch.queueDeclare(queue, true, false, false, args);
            Map<String, Object> binding = match(StoredJob.PIPELINE, pipeline);
            binding.put(Delays.digitHeader(level), "1");
            ch.queueBind(queue, names.delayExchange(level), "", binding);
            return null;
        });
        declared.add(queue);
    }

    /** Messages ready in {@code queue}; 0 if it does not exist (declared by nobody yet). */
    long count(String queue) {
        return slot.call("counting messages in " + queue, ch -> passiveCount(ch, queue));
    }

    /** Messages ready in each delay level queue of the pipeline, by level; levels without a queue are left out. */
    Map<Integer, Long> delayCounts(String pipeline) {
        Map<Integer, Long> counts = new HashMap<>();
        for (int level = 0; level < Delays.LEVELS; level++) {
            long n = count(names.delayQueue(pipeline, level));
            if (n > 0) {
                counts.put(level, n);
            }
        }
        return counts;
    }

    /** The queues this instance declared, for tests that clean up after themselves. */
    Set<String> declared() {
        return Set.copyOf(declared);
    }

    /** Forgets what was declared, after a broker or connection change, so the next use declares again. */
    void forget() {
        declared.clear();
    }

    private static long passiveCount(Channel ch, String queue) throws IOException {
        try {
            AMQP.Queue.DeclareOk ok = ch.queueDeclarePassive(queue);
            return ok.getMessageCount();
        } catch (IOException e) {
            if (isNotFound(e)) {
                return 0; // the broker closed the channel; the slot opens another for the next call
            }
            throw e;
        }
    }

    private static boolean isNotFound(IOException e) {
        return e.getCause() instanceof com.rabbitmq.client.ShutdownSignalException s
                && s.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == AMQP.NOT_FOUND;
    }

    private Map<String, Object> typeArguments() {
        Map<String, Object> args = new HashMap<>();
        if (config.queueType() == RabbitConfig.QueueType.QUORUM) {
            args.put("x-queue-type", "quorum");
        }
        return args;
    }

    private Map<String, Object> readyArguments() {
        Map<String, Object> args = typeArguments();
        if (config.queueType() == RabbitConfig.QueueType.CLASSIC) {
            args.put("x-max-priority", config.maxPriority());
        }
        return args;
    }

    private static Map<String, Object> match(String header, String value) {
        Map<String, Object> args = new HashMap<>();
        args.put("x-match", "all");
        args.put(header, value);
        return args;
    }
}
