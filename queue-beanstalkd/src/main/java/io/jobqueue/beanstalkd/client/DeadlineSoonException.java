package io.jobqueue.beanstalkd.client;

/**
 * {@code DEADLINE_SOON}: a job reserved by this connection is within one second of its TTR, so beanstalkd
 * answered {@code reserve} or {@code reserve-with-timeout} with this warning instead of a job.
 *
 * <p>Thrown (not returned) by {@link BeanstalkCommands#reserve()} and
 * {@link BeanstalkCommands#reserveWithTimeout(long)} so that a worker can catch it specifically, then
 * {@code touch}, {@code delete} or {@code release} the job it holds. The connection stays usable.
 */
public class DeadlineSoonException extends BeanstalkServerException {

    public DeadlineSoonException(String command) {
        super(ServerError.DEADLINE_SOON, command);
    }
}
