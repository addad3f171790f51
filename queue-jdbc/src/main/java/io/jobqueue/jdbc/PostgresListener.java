package io.jobqueue.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes this process's waiting reserves when any process adds jobs: LISTENs on the table's channel on one
 * held connection. Polling stays the fallback: while the listener is down (connection lost, reconnecting with
 * backoff) waiting reserves still find jobs at the poll interval.
 */
final class PostgresListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresListener.class);
    private static final int WAIT_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final DataSource dataSource;
    private final String channel;
    private final Signal signal;
    private final Thread thread;
    private final CountDownLatch listening = new CountDownLatch(1);
    private volatile boolean closed;
    /** True while LISTENing: a waiting reserve is then woken by every add, and need not poll quickly. */
    private volatile boolean up;

    PostgresListener(DataSource dataSource, String channel, Signal signal) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.signal = signal;
        this.thread = new Thread(this::run, "jobqueue-listen-" + channel);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        long backoff = 100;
        while (!closed) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("LISTEN \"" + channel + "\"");
                PGConnection pg = c.unwrap(PGConnection.class);
                backoff = 100;
                up = true;
                signal.fire(); // jobs may have arrived while no one listened
                listening.countDown();
                while (!closed) {
                    PGNotification[] notes = pg.getNotifications(WAIT_MILLIS);
                    if (notes != null && notes.length > 0) {
                        signal.fire();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                up = false;
                if (closed) {
                    return;
                }
                LOG.warn("listening on {} failed, polling until it is back (retry in {} ms): {}", channel, backoff,
                        e.toString());
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    /** Whether notifications arrive now (false while the connection is lost and being retried). */
    boolean isListening() {
        return up && !closed;
    }

    /** Waits until the listener has listened once (and woken waiting reserves for it); false on timeout. */
    boolean awaitListening(Duration timeout) throws InterruptedException {
        return listening.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2 * WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
