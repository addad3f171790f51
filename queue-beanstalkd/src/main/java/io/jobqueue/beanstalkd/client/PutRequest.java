package io.jobqueue.beanstalkd.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One {@code put}: priority, delay, time to run and body. Numbers are checked when the request is built
 * ({@link BeanstalkBadInputException}); the body size is checked against the server's max-job-size when it
 * is sent.
 *
 * @param priority     0 (most urgent) .. 2^32-1
 * @param delaySeconds 0 .. 2^32-1 seconds before the job becomes ready
 * @param ttrSeconds   0 .. 2^32-1 seconds a worker may hold the job (beanstalkd turns 0 into 1)
 * @param body         the job body, any bytes
 */
public record PutRequest(long priority, long delaySeconds, long ttrSeconds, byte[] body) {

    /** beanstalkd's conventional default priority; lower values run first. */
    public static final long DEFAULT_PRIORITY = 1024;
    /** Default delay: ready at once. */
    public static final long DEFAULT_DELAY_SECONDS = 0;
    /** Default time to run. */
    public static final long DEFAULT_TTR_SECONDS = 60;

    public PutRequest {
        Check.uint32("priority", priority);
        Check.uint32("delaySeconds", delaySeconds);
        Check.uint32("ttrSeconds", ttrSeconds);
        if (body == null) {
            throw new BeanstalkBadInputException("body must not be null");
        }
        body = body.clone();
    }

    /** A request with the default priority, no delay and the default TTR. */
    public static PutRequest of(byte[] body) {
        return new PutRequest(DEFAULT_PRIORITY, DEFAULT_DELAY_SECONDS, DEFAULT_TTR_SECONDS, body);
    }

    /** {@link #of(byte[])} with the text encoded as UTF-8. */
    public static PutRequest of(String body) {
        return of(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    public PutRequest withPriority(long newPriority) {
        return new PutRequest(newPriority, delaySeconds, ttrSeconds, body);
    }

    public PutRequest withDelaySeconds(long newDelaySeconds) {
        return new PutRequest(priority, newDelaySeconds, ttrSeconds, body);
    }

    public PutRequest withTtrSeconds(long newTtrSeconds) {
        return new PutRequest(priority, delaySeconds, newTtrSeconds, body);
    }

    /** A copy of the body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body length in bytes, without copying. */
    public int bodyLength() {
        return body.length;
    }

    /** The body itself, for the writer; never handed out. */
    byte[] bodyUnsafe() {
        return body;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PutRequest r && r.priority == priority && r.delaySeconds == delaySeconds
                && r.ttrSeconds == ttrSeconds && Arrays.equals(r.body, body);
    }

    @Override
    public int hashCode() {
        return ((Long.hashCode(priority) * 31 + Long.hashCode(delaySeconds)) * 31 + Long.hashCode(ttrSeconds)) * 31
                + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "PutRequest[priority=" + priority + ", delaySeconds=" + delaySeconds + ", ttrSeconds=" + ttrSeconds
                + ", body=" + body.length + " bytes]";
    }
}
