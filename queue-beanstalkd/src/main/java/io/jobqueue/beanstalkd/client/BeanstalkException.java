package io.jobqueue.beanstalkd.client;

/**
 * Root of the unchecked exceptions thrown by the beanstalkd client.
 *
 * <ul>
 *   <li>{@link BeanstalkServerException}: the server answered with an error word (see {@link ServerError});
 *       {@link DeadlineSoonException} is its subclass for {@code DEADLINE_SOON}.</li>
 *   <li>{@link BeanstalkProtocolException}: the reply was malformed, truncated or unexpected; the connection
 *       is out of sync and is never reused.</li>
 *   <li>{@link BeanstalkConnectionException}: connecting, reading or writing failed; the connection is never
 *       reused. {@link BeanstalkTimeoutException} is its subclass for a command past its deadline.</li>
 * </ul>
 *
 * Bad arguments are rejected before anything is sent with {@link BeanstalkBadInputException}, which is an
 * {@link IllegalArgumentException} and therefore not part of this hierarchy.
 */
public abstract class BeanstalkException extends RuntimeException {

    protected BeanstalkException(String message) {
        super(message);
    }

    protected BeanstalkException(String message, Throwable cause) {
        super(message, cause);
    }
}
