package io.jobqueue.beanstalkd;

import io.jobqueue.BackendException;
import io.jobqueue.InvalidInputException;
import io.jobqueue.JobQueueException;
import io.jobqueue.beanstalkd.client.BeanstalkBadInputException;
import io.jobqueue.beanstalkd.client.BeanstalkConnectionException;
import io.jobqueue.beanstalkd.client.BeanstalkException;
import io.jobqueue.beanstalkd.client.BeanstalkProtocolException;
import io.jobqueue.beanstalkd.client.BeanstalkServerException;
import io.jobqueue.beanstalkd.client.ServerError;

/** Turns the client's exceptions into the queue's: bad input stays bad input, the rest is a backend failure. */
final class Failures {
    private Failures() {}

    /** The queue exception for a client failure while doing {@code what} (e.g. "adding jobs to emails"). */
    static JobQueueException of(String what, RuntimeException e) {
        if (e instanceof JobQueueException already) {
            return already;
        }
        if (e instanceof BeanstalkBadInputException) {
            return new InvalidInputException(what + ": " + e.getMessage(), e);
        }
        if (e instanceof BeanstalkServerException s && s.error() == ServerError.JOB_TOO_BIG) {
            return new InvalidInputException(what + ": the payload is larger than the server's max-job-size", e);
        }
        if (e instanceof BeanstalkException || e instanceof IllegalStateException) {
            return new BackendException(what + ": " + e.getMessage(), e);
        }
        throw e;
    }

    /** True if the connection that threw this is broken and must not be used again. */
    static boolean breaksConnection(RuntimeException e) {
        return e instanceof BeanstalkConnectionException || e instanceof BeanstalkProtocolException;
    }
}
