package io.jobqueue.worker;

import io.jobqueue.Capability;
import io.jobqueue.JobQueue;
import io.jobqueue.WorkerInfo;
import io.jobqueue.internal.FailureLog;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the worker in the backend's registry ({@link Capability#WORKER_REGISTRY}) when it starts, every
 * interval while it runs, and removes it when it has shut down cleanly; a process that dies stops its heartbeats
 * and is listed dead after three missed ones. Off on a backend without a registry, or with a zero interval. A
 * failed heartbeat is logged once and retried at the next interval; it never stops the worker.
 */
final class Heartbeat {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final JobQueue queue;
    private final Counters counters;
    private final Duration interval;
    private final String id;
    private final String host;
    private final Instant started;
    private final StopSignal stop = new StopSignal();
    private final Thread thread;
    private final boolean enabled;
    private final FailureLog failures;

    Heartbeat(JobQueue queue, Counters counters, Duration interval, Clock clock, String threadName) {
        this.queue = queue;
        this.counters = counters;
        this.interval = interval;
        this.enabled = !interval.isZero() && queue.capabilities().contains(Capability.WORKER_REGISTRY);
        this.id = UUID.randomUUID().toString();
        this.failures = new FailureLog(log, "worker " + id + ": a heartbeat failed; retrying every " + interval.toMillis()
                + " ms", "worker " + id + ": heartbeats are recorded again");
        this.host = localHost();
        this.started = clock.instant();
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /** The id this worker is recorded under. */
    String id() {
        return id;
    }

    boolean enabled() {
        return enabled;
    }

    void start() {
        if (enabled) {
            thread.start();
        }
    }

    /** Stops the heartbeats and removes the record: the worker has shut down cleanly. */
    void stop() {
        if (!enabled) {
            return;
        }
        stop.set();
        try {
            thread.join(interval.toMillis() + 10_000);
            queue.removeWorker(id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("could not remove worker {} from the registry; it shows as dead until forgotten: {}", id,
                    e.toString());
        }
    }

    /** What the next heartbeat says. */
    WorkerInfo info() {
        WorkerStats now = counters.snapshot();
        int handlers = now.handlers();
        return new WorkerInfo(id, host, ProcessHandle.current().pid(), counters.pipelines(), handlers,
                Math.min(handlers, now.busyHandlers()), now.succeeded(), now.failed(), started, interval);
    }

    private void run() {
        do {
            beat();
        } while (!stop.sleep(interval));
    }

    private void beat() {
        try {
            queue.heartbeat(info());
            failures.succeeded();
        } catch (RuntimeException e) {
            failures.failed(e);
        }
    }

    /** The host name, without a DNS lookup where the environment says it; cut to what the registry holds. */
    private static String localHost() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = "unknown";
            }
        }
        return name.length() > WorkerInfo.MAX_HOST_LENGTH ? name.substring(0, WorkerInfo.MAX_HOST_LENGTH) : name;
    }
}
