package io.jobqueue.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
import io.jobqueue.internal.Redaction;
import io.jobqueue.InvalidInputException;
import java.util.Locale;

/**
 * An {@code amqp://user:pass@host:port/vhost} URL, with the client's own parsing (the vhost is URL-encoded:
 * {@code /%2F} is the default vhost {@code /}; without a path the default vhost is used). Every message about a
 * URL shows it without its user info, and the parser's exception is never chained, since it may repeat it.
 */
final class AmqpUrl {
    static final String SCHEME = "amqp";

    private AmqpUrl() {}

    /** A connection factory for {@code url}, or {@link InvalidInputException} naming the problem. */
    static ConnectionFactory factory(String url) {
        if (url == null || !url.toLowerCase(Locale.ROOT).startsWith(SCHEME + "://")) {
            throw new InvalidInputException("not an amqp:// URL: " + redact(url));
        }
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(url);
        } catch (Exception e) {
            throw new InvalidInputException("bad amqp URL " + redact(url) + ": expected amqp://user:password@host:5672/vhost");
        }
        return factory;
    }

    /** {@code url} with its user info and any password parameter hidden, for messages and logs. */
    static String redact(String url) {
        return url == null ? "null" : Redaction.withoutUserInfo(url);
    }

    /** {@code amqp://host:port/vhost} of a factory, for messages (never the credentials). */
    static String address(ConnectionFactory factory) {
        return SCHEME + "://" + factory.getHost() + ":" + factory.getPort() + "/" + factory.getVirtualHost();
    }
}
