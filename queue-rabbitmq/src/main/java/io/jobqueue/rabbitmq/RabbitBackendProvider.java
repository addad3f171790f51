package io.jobqueue.rabbitmq;

import io.jobqueue.QueueSettings;
import io.jobqueue.spi.BackendProvider;
import io.jobqueue.spi.QueueBackend;
import java.util.Locale;

/** Registers the RabbitMQ backend for {@code amqp://user:pass@host:5672/vhost}. */
public final class RabbitBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "rabbitmq";
    }

    @Override
    public boolean accepts(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith(AmqpUrl.SCHEME + "://");
    }

    @Override
    public QueueBackend open(String url, QueueSettings settings) {
        return RabbitBackend.open(url, settings);
    }
}
