package io.jobqueue.beanstalkd.client;

/**
 * The reply to {@code stats-job}.
 *
 * @param id       job id
 * @param tube     the tube holding the job
 * @param state    ready, delayed, reserved or buried
 * @param priority priority (0 most urgent)
 * @param age      seconds since the job was put
 * @param delay    the delay the job was put or released with, in seconds
 * @param ttr      time to run, in seconds
 * @param timeLeft seconds until a reserved job times out or a delayed job becomes ready (may be negative)
 * @param file     number of the earliest binlog file holding the job (0 without a binlog)
 * @param reserves times reserved
 * @param timeouts times its reservation timed out
 * @param releases times released
 * @param buries   times buried
 * @param kicks    times kicked
 */
public record JobStats(long id, String tube, State state, long priority, long age, long delay, long ttr,
                       long timeLeft, long file, long reserves, long timeouts, long releases, long buries,
                       long kicks) {

    /** A job's state as beanstalkd reports it. */
    public enum State {
        READY, DELAYED, RESERVED, BURIED
    }
}
