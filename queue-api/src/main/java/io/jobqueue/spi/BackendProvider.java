package io.jobqueue.spi;

import io.jobqueue.QueueSettings;

/**
 * Finds a backend for a URL. Registered through {@code META-INF/services/io.jobqueue.spi.BackendProvider},
 * so a jar on the class path adds a backend without any change to the API.
 */
public interface BackendProvider {

    /** A short name for messages, such as {@code jdbc} or {@code beanstalkd}. */
    String name();

    /** True if this provider handles {@code url} (typically by its scheme). */
    boolean accepts(String url);

    QueueBackend open(String url, QueueSettings settings);
}
