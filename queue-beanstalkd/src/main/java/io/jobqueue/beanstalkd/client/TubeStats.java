package io.jobqueue.beanstalkd.client;

/**
 * The reply to {@code stats-tube}.
 *
 * @param name                the tube name
 * @param currentJobsUrgent   ready jobs with priority below 1024
 * @param currentJobsReady    ready jobs
 * @param currentJobsReserved reserved jobs
 * @param currentJobsDelayed  delayed jobs
 * @param currentJobsBuried   buried jobs
 * @param totalJobs           jobs ever created in this tube
 * @param currentUsing        connections using this tube
 * @param currentWatching     connections watching this tube
 * @param currentWaiting      connections waiting in a reserve on this tube
 * @param cmdDelete           delete commands for this tube
 * @param cmdPauseTube        pause-tube commands for this tube
 * @param pause               seconds the tube was last paused for
 * @param pauseTimeLeft       seconds until the pause ends
 */
public record TubeStats(String name, long currentJobsUrgent, long currentJobsReady, long currentJobsReserved,
                        long currentJobsDelayed, long currentJobsBuried, long totalJobs, long currentUsing,
                        long currentWatching, long currentWaiting, long cmdDelete, long cmdPauseTube, long pause,
                        long pauseTimeLeft) {
}
