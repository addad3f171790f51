package io.jobqueue.beanstalkd;

import io.jobqueue.beanstalkd.client.BeanstalkConnection;
import io.jobqueue.beanstalkd.client.JobStats;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back jobs whose TTR ran out while the connection holding them sat idle, and frees that connection.
 *
 * <p>beanstalkd 1.12 often fails to release such a job by itself: while other connections are busy, the
 * job stays RESERVED (stats-job shows a negative time-left) until its holder sends another command. Seen
 * here with TTRs of 1 and 2 seconds on most tries; a worker that hung without closing its connection would
 * keep its job from everyone else. So a daemon thread looks every {@value #PERIOD_MILLIS} ms for idle
 * connections holding a reservation that has certainly expired, and sends {@code release <id> <pri> 0} for
 * each: if the server had not released the job, now it is READY, as the TTR demands (counted in the job's
 * releases instead of its timeouts); if it had, the server answers NOT_FOUND and nothing changes.
 */
final class ExpiredJobReleaser implements AutoCloseable {
    static final long PERIOD_MILLIS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(ExpiredJobReleaser.class);

    private final Reservations reservations;
    private final ScheduledExecutorService timer;

    ExpiredJobReleaser(Reservations reservations, String address) {
        this.reservations = reservations;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "beanstalkd-expired-" + address);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::releaseExpired, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void releaseExpired() {
        try {
            for (Map.Entry<ReserveConnection, List<Reservation>> held : reservations.expired().entrySet()) {
                release(held.getKey(), held.getValue());
            }
        } catch (RuntimeException e) {
            LOG.warn("giving back expired reservations failed", e);
        }
    }

    private void release(ReserveConnection c, List<Reservation> expired) {
        boolean broken = false;
        try {
            c.call(connection -> {
                for (Reservation r : expired) {
                    if (!r.isEnded()) {
                        r.end();
                        release(connection, r);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            broken = Failures.breaksConnection(e);
            LOG.debug("giving back expired reservations on {} failed: {}", c, e.toString());
        } finally {
            reservations.expiredReleased(c, expired);
        }
        if (broken) {
            reservations.broken(c);
        }
    }

    private static void release(BeanstalkConnection connection, Reservation r) {
        long priority = r.priority();
        if (priority == Reservation.UNKNOWN_PRIORITY) { // reserved without stats-job: read it now
            Optional<JobStats> stats = connection.statsJob(r.jobId());
            if (stats.isEmpty()) {
                return; // deleted by id meanwhile
            }
            priority = stats.get().priority();
        }
        switch (connection.release(r.jobId(), priority, 0)) {
            case RELEASED -> LOG.debug("job {} was still reserved after its TTR; released it", r.jobId());
            case BURIED -> LOG.warn("job {} passed its TTR; beanstalkd is out of memory and buried it", r.jobId());
            case NOT_FOUND -> { } // the server released it at the TTR, as it should
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
