package io.jobqueue.beanstalkd;

import io.jobqueue.beanstalkd.client.BeanstalkConnection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure beanstalkd releases jobs whose TTR ran out while the connection holding them sat idle.
 *
 * <p>beanstalkd 1.12 sometimes leaves such a job RESERVED (stats-job shows a negative time-left) until its
 * connection sends another command: the server then notices the deadline and releases the job. Seen with a
 * one-second TTR after a {@code reserve-with-timeout} answered at once; the job would otherwise stay away
 * from other workers until the holder spoke again. So a daemon thread checks every
 * {@value #PERIOD_MILLIS} ms for idle connections holding a reservation that has certainly expired, sends
 * each one a harmless {@code list-tube-used}, and drops those reservations, which frees the connection.
 */
final class ExpiryNudger implements AutoCloseable {
    static final long PERIOD_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryNudger.class);

    private final Reservations reservations;
    private final ScheduledExecutorService timer;

    ExpiryNudger(Reservations reservations, String address) {
        this.reservations = reservations;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "beanstalkd-expiry-" + address);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::nudgeAll, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void nudgeAll() {
        try {
            for (ReserveConnection c : reservations.holdingExpired()) {
                nudge(c);
            }
        } catch (RuntimeException e) {
            LOG.warn("checking for expired reservations failed", e);
        }
    }

    private void nudge(ReserveConnection c) {
        try {
            c.call(BeanstalkConnection::listTubeUsed);
            reservations.nudged(c);
        } catch (RuntimeException e) {
            reservations.nudged(c);
            if (Failures.breaksConnection(e)) {
                reservations.broken(c);
            }
            LOG.debug("a reserving connection failed while its expired reservations were checked: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
