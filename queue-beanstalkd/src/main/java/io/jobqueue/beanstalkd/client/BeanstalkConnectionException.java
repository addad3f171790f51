package io.jobqueue.beanstalkd.client;

/**
 * Connecting to, reading from or writing to beanstalkd failed (refused connection, reset, closed by the
 * server, a command past its deadline: {@link BeanstalkTimeoutException}), or the connection was already broken
 * by such a failure.
 *
 * <p>The connection that threw it is closed and never reused. A command that failed this way may or may not
 * have been applied by the server (a {@code put} may have inserted its job); it is not replayed.
 */
public class BeanstalkConnectionException extends BeanstalkException {

    public BeanstalkConnectionException(String message) {
        super(message);
    }

    public BeanstalkConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
