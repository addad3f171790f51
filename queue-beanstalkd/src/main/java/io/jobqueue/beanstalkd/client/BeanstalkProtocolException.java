package io.jobqueue.beanstalkd.client;

/**
 * The server's reply could not be understood: an unknown reply word, a wrong number of arguments, a
 * non-numeric or out-of-range number, a reply line that is too long, data not followed by CRLF, or a reply
 * cut off by end of stream.
 *
 * <p>After such a reply the client can no longer tell where the next reply starts, so the connection is
 * marked broken and closed.
 */
public class BeanstalkProtocolException extends BeanstalkException {

    public BeanstalkProtocolException(String message) {
        super(message);
    }

    public BeanstalkProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
