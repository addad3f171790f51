package io.jobqueue.beanstalkd;

import io.jobqueue.BackendException;
import io.jobqueue.Job;
import io.jobqueue.JobState;
import io.jobqueue.beanstalkd.client.BeanstalkConnection;
import io.jobqueue.beanstalkd.client.BeanstalkJob;
import io.jobqueue.beanstalkd.client.DeadlineSoonException;
import io.jobqueue.beanstalkd.client.JobStats;
import io.jobqueue.spi.ReserveRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One reserve: takes a connection that holds no job, makes it watch the requested tubes, waits (rounded up to
 * whole seconds) for a first job with {@code reserve-with-timeout}, then takes more for a batch with
 * {@code reserve-with-timeout 0}; {@code stats-job} on each gives its tube, priority, TTR and counts.
 */
final class Reserver {
    private static final long DEADLINE_SOON_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long DEADLINE_SOON_PAUSE_MILLIS = 50;

    private final Reservations reservations;
    private final Clock clock;
    private final BooleanSupplier closed;

    Reserver(Reservations reservations, Clock clock, BooleanSupplier closed) {
        this.reservations = reservations;
        this.clock = clock;
        this.closed = closed;
    }

    List<Job> reserve(ReserveRequest request) {
        long deadline = System.nanoTime() + request.timeoutNanos();
        String what = "reserving from " + String.join(", ", request.pipelines());
        for (boolean retried = false; ; retried = true) {
            ReserveConnection c;
            try {
                c = reservations.take(request.pipelines(), deadline);
            } catch (RuntimeException e) {
                throw Failures.of(what, e);
            }
            Run run = new Run();
            try {
                c.call(connection -> {
                    reserveOn(c, connection, request, deadline, run);
                    return null;
                });
                reservations.reserved(c);
                return run.jobs;
            } catch (RuntimeException e) {
                boolean broken = Failures.breaksConnection(e);
                if (run.reservedAny || broken) {
                    reservations.broken(c); // the server releases whatever it reserved
                } else {
                    reservations.reserved(c);
                }
                if (closed.getAsBoolean()) {
                    throw new BackendException("the beanstalkd backend was closed while " + what, e);
                }
                if (broken && !run.reservedAny && !retried) {
                    // An idle connection cut by a server restart or a firewall; the other idle ones most likely
                    // were too. Close them and try once more on a new connection.
                    reservations.closeFree();
                    continue;
                }
                throw Failures.of(what, e);
            }
        }
    }

    /** What one reserve got so far, so a failure midway knows whether the connection holds jobs. */
    private static final class Run {
        final List<Job> jobs = new ArrayList<>();
        boolean reservedAny;
    }

    private record Reserved(BeanstalkJob job, long sentNanos, long receivedNanos) {}

    private void reserveOn(ReserveConnection c, BeanstalkConnection connection, ReserveRequest request,
            long deadline, Run run) {
        c.watchOnly(connection, request.pipelines());
        Optional<Reserved> next = reserveFirst(connection, deadline);
        int reserved = 0;
        while (next.isPresent()) {
            run.reservedAny = true;
            reserved++;
            hold(c, connection, next.get()).ifPresent(run.jobs::add);
            if (reserved >= request.maxJobs()) {
                break;
            }
            try {
                next = reserveOne(connection, 0);
            } catch (DeadlineSoonException e) {
                break; // a job of this batch is within a second of its TTR (always so for a 1 s TTR)
            }
        }
    }

    /** The first reserve, waiting until {@code deadline}. */
    private static Optional<Reserved> reserveFirst(BeanstalkConnection connection, long deadline) {
        long patience = deadline + DEADLINE_SOON_PATIENCE_NANOS;
        while (true) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                return reserveOne(connection, Jobs.seconds(Duration.ofNanos(left)));
            } catch (DeadlineSoonException e) {
                // A job this connection held is past its TTR by our clock, but the server's timer has not
                // released it yet; that takes milliseconds.
                if (System.nanoTime() - patience >= 0) {
                    throw e;
                }
                pause(DEADLINE_SOON_PAUSE_MILLIS);
            }
        }
    }

    private static Optional<Reserved> reserveOne(BeanstalkConnection connection, long timeoutSeconds) {
        long sent = System.nanoTime();
        return connection.reserveWithTimeout(timeoutSeconds).map(job -> new Reserved(job, sent, System.nanoTime()));
    }

    /** Reads the reserved job's fields and records the reservation under a new token. */
    private Optional<Job> hold(ReserveConnection c, BeanstalkConnection connection, Reserved reserved) {
        long statsSent = System.nanoTime();
        Optional<JobStats> found = connection.statsJob(reserved.job().id());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        JobStats stats = found.get();
        long safeUntil = stats.state() == JobStats.State.RESERVED
                ? Reservation.safeUntil(reserved.sentNanos(), stats.ttr(), statsSent, stats.timeLeft())
                : statsSent;
        Reservation r = reservations.hold(c, stats.id(), stats.priority(), stats.ttr(), safeUntil,
                Reservation.expires(reserved.receivedNanos(), stats.ttr()));
        return Optional.of(Jobs.job(reserved.job(), stats, JobState.RESERVED, r.token(), clock.instant()));
    }


    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while reserving");
        }
    }
}
