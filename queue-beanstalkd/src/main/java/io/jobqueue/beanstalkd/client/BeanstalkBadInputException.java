package io.jobqueue.beanstalkd.client;

/**
 * An argument was rejected before any byte was sent: an illegal tube name (which could otherwise inject
 * protocol bytes), a priority, delay, TTR or timeout outside 0..2^32-1, a job id that is not positive, a
 * negative kick bound, or a body larger than the server's max-job-size.
 *
 * <p>It is an {@link IllegalArgumentException} (so it is not a {@link BeanstalkException}); the connection
 * is left exactly as it was and stays usable.
 */
public class BeanstalkBadInputException extends IllegalArgumentException {

    public BeanstalkBadInputException(String message) {
        super(message);
    }
}
