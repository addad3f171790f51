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
import java.util.function.LongFunction;

/**
 * One reserve: takes a connection that holds no job, makes it watch the requested tubes, takes the jobs ready now
 * with {@code reserve-with-timeout 0} pipelined up to the batch, or if there are none waits (rounded up to whole
 * seconds) for a first job with {@code reserve-with-timeout} and then takes the rest the same way;
 * {@code stats-job} on each, pipelined too, gives its tube, priority, TTR and counts.
 *
 * <p>A job whose body starts with a {@link JobHeader}, reserved on a connection watching one tube, skips
 * {@code stats-job}: the tube is the one watched, the header gives the TTR and when the job was added, and its
 * priority and reservation count are read on demand ({@link Job#withDetailsOnDemand}) only if asked for (the
 * worker runtime asks when a job fails, to decide between retry and bury).
 */
final class Reserver {
    private static final long DEADLINE_SOON_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long DEADLINE_SOON_PAUSE_MILLIS = 50;

    private final Reservations reservations;
    private final Clock clock;
    private final BooleanSupplier closed;
    private final LongFunction<Job.Details> details;

    /** @param details reads a job's priority and reservation count, for jobs that skipped stats-job */
    Reserver(Reservations reservations, Clock clock, BooleanSupplier closed, LongFunction<Job.Details> details) {
        this.reservations = reservations;
        this.clock = clock;
        this.closed = closed;
        this.details = details;
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

    /** A reserved job, with {@link System#nanoTime()} before its reserve was sent and after its reply came. */
    private record Reserved(BeanstalkJob job, long sentNanos, long receivedNanos) {}

    /**
     * Takes what is ready now, up to the batch, in one round trip ({@link BeanstalkConnection#reserveReady}); only
     * if nothing is, waits until {@code deadline} for a first job and then takes the rest of the batch the same way.
     * The stats of all of them are read in one more round trip ({@link BeanstalkConnection#statsJobs}): while jobs
     * are flowing a batch costs two round trips, not two per job.
     */
    private void reserveOn(ReserveConnection c, BeanstalkConnection connection, ReserveRequest request,
            long deadline, Run run) {
        c.watchOnly(connection, request.pipelines());
        List<Reserved> reserved = new ArrayList<>(request.maxJobs());
        reserveReady(connection, request.maxJobs(), reserved);
        if (reserved.isEmpty()) {
            Optional<Reserved> first = reserveFirst(connection, deadline);
            if (first.isEmpty()) {
                return;
            }
            reserved.add(first.get());
            run.reservedAny = true;
            reserveReady(connection, request.maxJobs() - 1, reserved);
        }
        run.reservedAny = true;
        // One tube watched: a job with a header needs no stats-job. Several: only stats-job tells the tube.
        String tube = request.pipelines().size() == 1 ? request.pipelines().get(0) : null;
        Job[] jobs = new Job[reserved.size()];
        List<Integer> unread = new ArrayList<>();
        for (int i = 0; i < reserved.size(); i++) {
            Reserved r = reserved.get(i);
            Optional<JobHeader.Read> header = tube == null ? Optional.empty() : JobHeader.read(r.job().body());
            if (header.isPresent()) {
                jobs[i] = hold(c, r, tube, header.get());
            } else {
                unread.add(i);
            }
        }
        if (!unread.isEmpty()) {
            List<Long> ids = new ArrayList<>(unread.size());
            for (int i : unread) {
                ids.add(reserved.get(i).job().id());
            }
            long statsSent = System.nanoTime();
            List<Optional<JobStats>> stats = connection.statsJobs(ids);
            for (int k = 0; k < unread.size(); k++) {
                Optional<JobStats> found = stats.get(k);
                if (found.isPresent()) { // else deleted by id meanwhile
                    jobs[unread.get(k)] = hold(c, reserved.get(unread.get(k)), found.get(), statsSent);
                }
            }
        }
        for (Job job : jobs) {
            if (job != null) {
                run.jobs.add(job);
            }
        }
    }

    /**
     * Adds up to {@code max} jobs ready now. A DEADLINE_SOON ends the batch: a job this connection holds is within
     * a second of its TTR (always so for a 1 s TTR).
     */
    private static void reserveReady(BeanstalkConnection connection, int max, List<Reserved> reserved) {
        if (max <= 0) {
            return;
        }
        long sent = System.nanoTime();
        List<BeanstalkJob> jobs = connection.reserveReady(max);
        long received = System.nanoTime();
        for (BeanstalkJob job : jobs) {
            reserved.add(new Reserved(job, sent, received));
        }
    }

    /** The first reserve, waiting until {@code deadline}. */
    private static Optional<Reserved> reserveFirst(BeanstalkConnection connection, long deadline) {
        long patience = deadline + DEADLINE_SOON_PATIENCE_NANOS;
        while (true) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                long sent = System.nanoTime();
                return connection.reserveWithTimeout(Jobs.seconds(Duration.ofNanos(left)))
                        .map(job -> new Reserved(job, sent, System.nanoTime()));
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

    /** Records the reservation of a reserved job under a new token, with the fields stats-job gave. */
    private Job hold(ReserveConnection c, Reserved reserved, JobStats stats, long statsSent) {
        long safeUntil = stats.state() == JobStats.State.RESERVED
                ? Reservation.safeUntil(reserved.sentNanos(), stats.ttr(), statsSent, stats.timeLeft())
                : statsSent;
        Reservation r = reservations.hold(c, stats.id(), stats.priority(), stats.ttr(), safeUntil,
                Reservation.expires(reserved.receivedNanos(), stats.ttr()));
        return Jobs.job(reserved.job(), stats, JobState.RESERVED, r.token(), clock.instant());
    }

    /**
     * Records the reservation of a reserved job under a new token, with the TTR and creation time its header gave;
     * its priority is read when needed. The lower bound of the deadline counts from before the reserve was sent.
     */
    private Job hold(ReserveConnection c, Reserved reserved, String tube, JobHeader.Read header) {
        long id = reserved.job().id();
        long ttr = header.ttrSeconds();
        Reservation r = reservations.hold(c, id, Reservation.UNKNOWN_PRIORITY, ttr,
                reserved.sentNanos() + TimeUnit.SECONDS.toNanos(ttr), Reservation.expires(reserved.receivedNanos(), ttr));
        return Job.withDetailsOnDemand(id, tube, header.payload(), Duration.ofSeconds(ttr), JobState.RESERVED,
                header.createdAt(), r.token(), () -> details.apply(id));
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
