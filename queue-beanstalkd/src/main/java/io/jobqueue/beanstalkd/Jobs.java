package io.jobqueue.beanstalkd;

import io.jobqueue.Job;
import io.jobqueue.JobState;
import io.jobqueue.PipelineStats;
import io.jobqueue.beanstalkd.client.BeanstalkJob;
import io.jobqueue.beanstalkd.client.JobStats;
import io.jobqueue.beanstalkd.client.TubeStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Conversions between beanstalkd's replies and the queue's values. */
final class Jobs {
    private static final long MAX_SECONDS = 0xFFFF_FFFFL;

    private Jobs() {}

    /** Whole seconds for beanstalkd, rounded up (a 1.2 s delay waits 2 s, never less than asked). */
    static long seconds(Duration d) {
        long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return Math.min(Math.max(seconds, 0), MAX_SECONDS);
    }

    /**
     * A job read by a reserve or a peek, with the fields stats-job gave right after; a {@link JobHeader} is taken off
     * the payload and gives the time the job was added (to the millisecond; stats-job's age counts whole seconds).
     */
    static Job job(BeanstalkJob raw, JobStats stats, JobState state, long reservation, Instant now) {
        byte[] body = raw.body();
        Optional<JobHeader.Read> header = JobHeader.read(body);
        return new Job(raw.id(), stats.tube(), header.map(JobHeader.Read::payload).orElse(body), stats.priority(),
                Duration.ofSeconds(stats.ttr()), state, reserves(stats),
                header.map(JobHeader.Read::createdAt).orElse(now.minusSeconds(stats.age())), reservation, null);
    }

    /** What a job read without stats-job leaves to read on demand. */
    static Job.Details details(JobStats stats) {
        return new Job.Details(stats.priority(), reserves(stats));
    }

    private static int reserves(JobStats stats) {
        return (int) Math.min(stats.reserves(), Integer.MAX_VALUE);
    }

    /** A peeked job in the state stats-job reports, or empty if it vanished between peek and stats. */
    static Optional<Job> peeked(BeanstalkJob raw, Optional<JobStats> stats, Instant now) {
        return stats.map(s -> job(raw, s, state(s.state()), Job.NO_RESERVATION, now));
    }

    static JobState state(JobStats.State state) {
        return switch (state) {
            case READY -> JobState.READY;
            case DELAYED -> JobState.DELAYED;
            case RESERVED -> JobState.RESERVED;
            case BURIED -> JobState.BURIED;
        };
    }

    /** Counts of a tube; zeros when it does not exist (beanstalkd drops tubes nobody uses and holding no job). */
    static PipelineStats stats(String pipeline, Optional<TubeStats> tube) {
        return tube.map(t -> new PipelineStats(pipeline, t.currentJobsReady(), t.currentJobsDelayed(),
                t.currentJobsReserved(), t.currentJobsBuried())).orElse(new PipelineStats(pipeline, 0, 0, 0, 0));
    }
}
