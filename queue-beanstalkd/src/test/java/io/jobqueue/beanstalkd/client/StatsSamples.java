package io.jobqueue.beanstalkd.client;

/** Stats replies as real servers send them. */
public final class StatsSamples {

    /** {@code stats} from beanstalkd 1.12 (version quoted, other strings not). */
    public static final String SERVER_STATS_1_12 = "---\ncurrent-jobs-urgent: 1\ncurrent-jobs-ready: 1\n"
            + "current-jobs-reserved: 0\ncurrent-jobs-delayed: 0\ncurrent-jobs-buried: 0\ncmd-put: 1\ncmd-peek: 0\n"
            + "cmd-peek-ready: 0\ncmd-peek-delayed: 0\ncmd-peek-buried: 0\ncmd-reserve: 0\n"
            + "cmd-reserve-with-timeout: 0\ncmd-delete: 0\ncmd-release: 0\ncmd-use: 1\ncmd-watch: 0\ncmd-ignore: 0\n"
            + "cmd-bury: 1\ncmd-kick: 0\ncmd-touch: 0\ncmd-stats: 1\ncmd-stats-job: 2\ncmd-stats-tube: 1\n"
            + "cmd-list-tubes: 1\ncmd-list-tube-used: 1\ncmd-list-tubes-watched: 1\ncmd-pause-tube: 1\n"
            + "job-timeouts: 0\ntotal-jobs: 1\nmax-job-size: 65535\ncurrent-tubes: 2\ncurrent-connections: 1\n"
            + "current-producers: 1\ncurrent-workers: 1\ncurrent-waiting: 0\ntotal-connections: 1\npid: 5662\n"
            + "version: \"1.12\"\nrusage-utime: 0.003233\nrusage-stime: 0.000000\nuptime: 1\n"
            + "binlog-oldest-index: 0\nbinlog-current-index: 0\nbinlog-records-migrated: 0\n"
            + "binlog-records-written: 0\nbinlog-max-size: 10485760\ndraining: false\nid: 492359ae40ba7e60\n"
            + "hostname: vm\nos: #1 SMP PREEMPT_DYNAMIC @0\nplatform: x86_64\n";

    /** {@code stats} in the style of beanstalkd 1.13, which quotes every string value. */
    static final String SERVER_STATS_1_13 = SERVER_STATS_1_12
            .replace("version: \"1.12\"", "version: \"1.13\"")
            .replace("id: 492359ae40ba7e60", "id: \"492359ae40ba7e60\"")
            .replace("hostname: vm", "hostname: \"vm\"")
            .replace("os: #1 SMP PREEMPT_DYNAMIC @0", "os: \"#1 SMP PREEMPT_DYNAMIC @0\"")
            .replace("platform: x86_64", "platform: \"x86_64\"")
            .replace("draining: false", "draining: true");

    private StatsSamples() {
    }
}
