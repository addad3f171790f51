package io.jobqueue.beanstalkd;

import io.jobqueue.QueueSettings;
import io.jobqueue.beanstalkd.client.BeanstalkConfig;
import io.jobqueue.spi.BackendProvider;
import io.jobqueue.spi.QueueBackend;
import java.util.Locale;

/** Registers the beanstalkd backend for {@code beanstalkd://host[:port]} (port 11300 by default). */
public final class BeanstalkBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "beanstalkd";
    }

    @Override
    public boolean accepts(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith(BeanstalkConfig.URL_SCHEME + "://");
    }

    @Override
    public QueueBackend open(String url, QueueSettings settings) {
        return BeanstalkBackend.open(url, settings);
    }
}
