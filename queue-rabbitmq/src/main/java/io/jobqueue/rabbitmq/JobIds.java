package io.jobqueue.rabbitmq;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Job ids without a central counter (AMQP has none): 41 bits of milliseconds since 2024, 12 bits naming this
 * backend instance (random), 10 bits of sequence. They grow within one instance and are unique across
 * instances unless two of 4096 possible instance numbers meet in the same millisecond and sequence. The backend
 * relies on them for nothing: every operation on a reserved job is fenced by its reservation token.
 */
final class JobIds {
    private static final long EPOCH_MILLIS = 1_704_067_200_000L; // 2024-01-01T00:00:00Z
    private static final int NODE_BITS = 12;
    private static final int SEQUENCE_BITS = 10;

    private final Clock clock;
    private final long node = new SecureRandom().nextInt(1 << NODE_BITS);
    private long lastMillis;
    private long sequence;

    JobIds(Clock clock) {
        this.clock = clock;
    }

    synchronized long next() {
        long millis = Math.max(clock.millis() - EPOCH_MILLIS, 1);
        if (millis > lastMillis) {
            lastMillis = millis;
            sequence = 0;
        } else if (++sequence == 1L << SEQUENCE_BITS) {
            lastMillis++; // borrow from the next millisecond rather than repeat an id
            sequence = 0;
        }
        return (lastMillis << (NODE_BITS + SEQUENCE_BITS)) | (node << SEQUENCE_BITS) | sequence;
    }
}
