package io.jobqueue.beanstalkd;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The header this backend puts before a job's payload when the option {@value BeanstalkBackend#JOB_HEADER} is on,
 * so that a reserve learns the job's TTR and when it was added without a {@code stats-job} round trip (beanstalkd's
 * reserve reply carries neither). {@value #BYTES} bytes, big-endian:
 *
 * <pre>
 *  0  3  magic 0xFE 'j' 'q' (0xFE never occurs in UTF-8 text)
 *  3  1  version, 1
 *  4  4  TTR in whole seconds, unsigned, as put (at least 1, as beanstalkd makes it)
 *  8  8  when the job was added, milliseconds since the epoch
 * 16  4  CRC-32 of bytes 0 to 15
 * </pre>
 *
 * A body that does not start with a valid header (put by another client, by an earlier version of this library,
 * or without the option) is all payload; a binary payload of another client is taken for a header only if its
 * first 20 bytes happen to match the magic, the version and the checksum.
 */
final class JobHeader {
    static final int BYTES = 20;
    private static final byte[] MAGIC = {(byte) 0xFE, 'j', 'q'};
    private static final byte VERSION = 1;

    /** What a header says, and the payload after it. */
    record Read(long ttrSeconds, Instant createdAt, byte[] payload) {}

    private JobHeader() {}

    /** {@code payload} behind a header with {@code ttrSeconds} and {@code createdAt}. */
    static byte[] prepend(long ttrSeconds, Instant createdAt, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(BYTES + payload.length);
        b.put(MAGIC).put(VERSION).putInt((int) Math.max(1, ttrSeconds)).putLong(createdAt.toEpochMilli());
        b.putInt((int) crc(b.array()));
        b.put(payload);
        return b.array();
    }

    /** The header of {@code body}, if it starts with a valid one. */
    static Optional<Read> read(byte[] body) {
        if (body.length < BYTES || body[0] != MAGIC[0] || body[1] != MAGIC[1] || body[2] != MAGIC[2]
                || body[3] != VERSION) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(body);
        long ttr = Integer.toUnsignedLong(b.getInt(4));
        long createdMillis = b.getLong(8);
        if (Integer.toUnsignedLong(b.getInt(16)) != crc(body) || ttr == 0) {
            return Optional.empty();
        }
        return Optional.of(new Read(ttr, Instant.ofEpochMilli(createdMillis), Arrays.copyOfRange(body, BYTES,
                body.length)));
    }

    /** The payload of {@code body}: what follows a valid header, or all of it. */
    static byte[] payload(byte[] body) {
        return read(body).map(Read::payload).orElse(body);
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, 16);
        return crc.getValue();
    }
}
