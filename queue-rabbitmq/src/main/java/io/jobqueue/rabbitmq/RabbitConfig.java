package io.jobqueue.rabbitmq;

import io.jobqueue.InvalidInputException;
import io.jobqueue.QueueSettings;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The backend's options from {@link QueueSettings#options()}, checked when the backend opens.
 *
 * @param queueType the type of the pipeline's queues: {@link QueueType#QUORUM} (replicated in a cluster) or
 *     {@link QueueType#CLASSIC} (with {@code x-max-priority})
 * @param maxPriority classic queues only: the AMQP priority levels the 32-bit priority maps onto (1..255)
 * @param channels channels that reserve; each holds the jobs it reserved until they are settled
 * @param prefix the first part of every queue and exchange name this backend declares
 */
record RabbitConfig(QueueType queueType, int maxPriority, int channels, String prefix) {
    static final String QUEUE_TYPE = "queueType";
    static final String MAX_PRIORITY = "maxPriority";
    static final String CHANNELS = "channels";
    static final String PREFIX = "prefix";
    static final int DEFAULT_MAX_PRIORITY = 10;
    static final int DEFAULT_CHANNELS = 8;
    static final String DEFAULT_PREFIX = "jobqueue";
    private static final Pattern LEGAL_PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,20}");

    enum QueueType { QUORUM, CLASSIC }

    static RabbitConfig of(QueueSettings settings) {
        settings.requireKnownOptions("rabbitmq", Set.of(QUEUE_TYPE, MAX_PRIORITY, CHANNELS, PREFIX));
        String type = settings.option(QUEUE_TYPE, "quorum").trim().toLowerCase(Locale.ROOT);
        QueueType queueType = switch (type) {
            case "quorum" -> QueueType.QUORUM;
            case "classic" -> QueueType.CLASSIC;
            default -> throw new InvalidInputException("option " + QUEUE_TYPE + " must be quorum or classic, got '"
                    + settings.option(QUEUE_TYPE, "") + "'");
        };
        int maxPriority = settings.intOption(MAX_PRIORITY, DEFAULT_MAX_PRIORITY, 1, 255);
        if (queueType == QueueType.QUORUM && settings.options().containsKey(MAX_PRIORITY)) {
            throw new InvalidInputException("option " + MAX_PRIORITY + " applies to classic queues only: quorum queues"
                    + " have no priorities on RabbitMQ 3.10 (set " + QUEUE_TYPE + "=classic)");
        }
        int channels = settings.intOption(CHANNELS, DEFAULT_CHANNELS, 1, 1_000);
        String prefix = settings.option(PREFIX, DEFAULT_PREFIX);
        if (!LEGAL_PREFIX.matcher(prefix).matches()) {
            throw new InvalidInputException("option " + PREFIX + " must be 1 to 20 letters, digits, - or _, got '"
                    + prefix + "'");
        }
        return new RabbitConfig(queueType, maxPriority, channels, prefix);
    }
}
