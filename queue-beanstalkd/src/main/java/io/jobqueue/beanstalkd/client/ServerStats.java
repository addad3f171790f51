package io.jobqueue.beanstalkd.client;

import java.util.Map;

/**
 * The reply to {@code stats}: the commonly used fields typed, and every field as text in {@link #raw()}
 * (quotes removed), for the {@code cmd-*}, {@code rusage-*}, {@code binlog-*} and other fields.
 *
 * @param currentJobsUrgent   ready jobs with priority below 1024
 * @param currentJobsReady    ready jobs
 * @param currentJobsReserved reserved jobs
 * @param currentJobsDelayed  delayed jobs
 * @param currentJobsBuried   buried jobs
 * @param totalJobs           jobs created since the server started
 * @param currentTubes        existing tubes
 * @param currentConnections  open connections
 * @param currentWaiting      connections waiting in a reserve
 * @param maxJobSize          the largest body the server accepts, in bytes
 * @param version             the server version, e.g. {@code "1.13"}
 * @param draining            whether the server is in drain mode ({@code false} if not reported)
 * @param raw                 all fields, in server order
 */
public record ServerStats(long currentJobsUrgent, long currentJobsReady, long currentJobsReserved,
                          long currentJobsDelayed, long currentJobsBuried, long totalJobs, long currentTubes,
                          long currentConnections, long currentWaiting, long maxJobSize, String version,
                          boolean draining, Map<String, String> raw) {

    public ServerStats {
        raw = Map.copyOf(raw);
    }
}
