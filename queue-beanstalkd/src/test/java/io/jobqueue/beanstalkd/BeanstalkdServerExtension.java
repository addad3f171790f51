package io.jobqueue.beanstalkd;

import io.jobqueue.beanstalkd.client.BeanstalkClient;
import io.jobqueue.beanstalkd.client.TubeStats;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One beanstalkd server for a test class ({@link BeanstalkdProcess#startOrUseEnvironment()}): started before
 * the class's {@code @BeforeAll} methods, stopped after its {@code @AfterAll} methods.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final BeanstalkdServerExtension BEANSTALKD = new BeanstalkdServerExtension();
 *
 * // BeanstalkClient.connect(BEANSTALKD.url())
 * }</pre>
 *
 * Register it on a static field: on an instance field JUnit never calls it before all tests. {@code @Nested}
 * classes share the enclosing class's server.
 */
public final class BeanstalkdServerExtension implements BeforeAllCallback, AfterAllCallback {
    private static final Duration WAITING_TIMEOUT = Duration.ofSeconds(10);

    private BeanstalkdProcess server;
    /** The class that started the server; nested classes inherit the extension but must not stop it. */
    private String owner;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (server == null) {
            server = BeanstalkdProcess.startOrUseEnvironment();
            owner = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null && context.getUniqueId().equals(owner)) {
            server.close();
            server = null;
            owner = null;
        }
    }

    /** The running server. */
    public BeanstalkdProcess server() {
        if (server == null) {
            throw new IllegalStateException("no beanstalkd is running: register " + getClass().getSimpleName()
                    + " on a static field with @RegisterExtension, and use it from tests or @BeforeAll methods");
        }
        return server;
    }

    /** {@code beanstalkd://host:port} of the running server. */
    public String url() {
        return server().url();
    }

    public String host() {
        return server().host();
    }

    public int port() {
        return server().port();
    }

    /**
     * Returns once at least {@code count} connections wait in a reserve on {@code tube} (beanstalkd's
     * {@code current-waiting} in {@code stats-tube}); fails the test if they do not within 10 seconds.
     */
    public void awaitWaiting(String tube, long count) {
        try (BeanstalkClient stats = BeanstalkClient.connect(url())) {
            Poll.until(WAITING_TIMEOUT,
                    () -> stats.statsTube(tube).map(TubeStats::currentWaiting).orElse(0L) >= count,
                    () -> count + " connection(s) waiting in a reserve on " + tube + "; " + stats.statsTube(tube));
        }
    }
}
