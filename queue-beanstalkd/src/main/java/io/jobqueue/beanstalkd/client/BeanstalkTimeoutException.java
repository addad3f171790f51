package io.jobqueue.beanstalkd.client;

import java.time.Duration;

/**
 * A command did not complete (request written, reply line and any body read) by its deadline: see
 * {@link BeanstalkConfig#commandTimeout()}. The connection is closed and never reused, since the protocol
 * stream is out of step; whether the server applied the command is unknown.
 */
public class BeanstalkTimeoutException extends BeanstalkConnectionException {

    private final String command;
    private final Duration budget;

    public BeanstalkTimeoutException(String command, Duration budget, String message) {
        super(message);
        this.command = command;
        this.budget = budget;
    }

    /** The command that ran out of time, e.g. {@code put}. */
    public String command() {
        return command;
    }

    /** The time it was given from its start. */
    public Duration budget() {
        return budget;
    }
}
