package io.jobqueue.beanstalkd.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A job as returned by {@code reserve}, {@code reserve-job} and the {@code peek} commands: its id and its
 * body, byte for byte as it was put.
 *
 * @param id   the job id, unique within one beanstalkd instance
 * @param body the body bytes (binary-safe; may contain CR, LF and NUL)
 */
public record BeanstalkJob(long id, byte[] body) {

    public BeanstalkJob {
        body = Objects.requireNonNull(body, "body").clone();
    }

    /** A copy of the body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BeanstalkJob job && job.id == id && Arrays.equals(job.body, body);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "BeanstalkJob[id=" + id + ", body=" + body.length + " bytes]";
    }
}
