package io.jobqueue.beanstalkd.client;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread, shared by every connection, that closes the socket of a command past its deadline.
 * Socket reads are bounded by SO_TIMEOUT already; a blocked write is not (the JDK has no write timeout), and
 * a server that stops reading while we send a large body would otherwise hold the command forever.
 */
final class Alarms {

    private static final ScheduledThreadPoolExecutor TIMER = create();

    private Alarms() {
    }

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "beanstalkd-command-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(10, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return timer;
    }

    static ScheduledFuture<?> after(long nanos, Runnable action) {
        return TIMER.schedule(action, nanos, TimeUnit.NANOSECONDS);
    }
}
