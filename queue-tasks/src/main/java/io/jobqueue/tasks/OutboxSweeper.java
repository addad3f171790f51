package io.jobqueue.tasks;

import io.jobqueue.internal.FailureLog;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox rows a crash left behind between a transaction's commit and its after-commit send. Runs in
 * every worker process ({@link TaskManager#workerBuilder()} starts it, {@link TaskManager#close()} stops it).
 * It takes only rows older than {@link #GRACE}, so it does not race the normal send right after the commit; it
 * locks the rows it takes ({@code FOR UPDATE SKIP LOCKED}, on SQLite the single write lock) and sends and deletes
 * them in that transaction, so two sweepers do not send the same rows. A crash after the send and before the
 * commit sends them again, which the claims tolerate (see {@link OutboxDispatch}).
 */
final class OutboxSweeper {
    /** How old a row must be before a sweeper takes it: well past a normal commit-then-send. */
    static final Duration GRACE = Duration.ofSeconds(10);
    /** How often a sweeper looks. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(OutboxSweeper.class);

    private final TaskStore store;
    private final OutboxDispatch dispatch;
    private final Object lock = new Object();
    private Thread thread;
    private boolean stopped;
    private final FailureLog failures = new FailureLog(log, "sweeping the task outbox failed; trying again every "
            + INTERVAL.toMillis() + " ms", "sweeping the task outbox works again");

    OutboxSweeper(TaskStore store, OutboxDispatch dispatch) {
        this.store = store;
        this.dispatch = dispatch;
    }

    /** Starts the sweeping thread, once; does nothing after {@link #stop()}. */
    void start() {
        synchronized (lock) {
            if (thread != null || stopped) {
                return;
            }
            thread = new Thread(this::run, "jobqueue-tasks-outbox-sweeper");
            thread.setDaemon(true); // a manager never closed must not keep its JVM alive
            thread.start();
        }
    }

    /** Stops the thread after the sweep in flight and waits for it. */
    void stop() {
        Thread running;
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
            running = thread;
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (!sleep()) {
            try {
                int sent = sweep();
                if (sent > 0) {
                    log.info("sent {} task jobs left in the outbox", sent);
                }
                failures.succeeded();
            } catch (RuntimeException e) {
                failures.failed(e);
            }
        }
    }

    /** Waits one interval; true once stopped. */
    private boolean sleep() {
        synchronized (lock) {
            long deadline = System.nanoTime() + INTERVAL.toNanos();
            for (long left = INTERVAL.toNanos(); !stopped && left > 0; left = deadline - System.nanoTime()) {
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            }
            return stopped;
        }
    }

    /** Sends and deletes the rows older than the grace, a chunk per transaction; returns how many. */
    int sweep() {
        int total = 0;
        while (true) {
            int sent = store.inTransaction("sweeping the task outbox", t -> {
                List<OutboxRows.Row> rows = dispatch.rows().lockOlderThan(t, t.now() - GRACE.toMillis());
                if (!rows.isEmpty()) {
                    dispatch.send(rows, t.now());
                    dispatch.rows().delete(t, rows);
                }
                return rows.size();
            });
            total += sent;
            if (sent < OutboxRows.CHUNK) {
                return total;
            }
        }
    }
}
