package io.jobqueue.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Claims and finishes of one-stage tasks (the children of a fan-out, typically), written for many handler
 * threads in one store transaction. A handler thread queues its request; one thread at a time writes every
 * request pending at that moment, its own and those queued while the previous batch committed, and wakes the
 * threads whose requests it wrote. So one commit, and one update of a parent's counters, serves a batch of
 * children; the threads still wait for their own request to be committed, so a job is acknowledged only after
 * its task's state is stored.
 *
 * <p>A finish that the batch's guarded update does not apply to (a repeat, a task cancelled meanwhile, a task
 * that fanned out and has a stage row) is reported back, and its thread records it on the general path.
 */
final class GroupCommit {
    /** Most requests one transaction writes. */
    static final int MAX_BATCH = 512;

    private final TaskStore store;
    private final Transitions transitions;
    /**
     * Claims and finishes queue apart and commit apart: two transactions in flight, neither waits on the other.
     * On a database with one writer at a time (SQLite) the two would only take turns at its lock, each waiting
     * out the other on the busy timeout's sleeps: there they share one lane, and one transaction writes both.
     */
    private final Lane claims;
    private final Lane finishes;

    GroupCommit(TaskStore store, Transitions transitions) {
        this.store = store;
        this.transitions = transitions;
        this.claims = new Lane();
        this.finishes = store.dialect().oneWriter() ? claims : new Lane();
    }

    /** Starts an attempt of a one-stage task; empty when the job is stale (see {@link Transitions#claim}). */
    Optional<Task> claim(TaskJob job) {
        Request request = new Request(job, true, null);
        submit(claims, request);
        return Optional.ofNullable(request.claimed);
    }

    /**
     * Completes a one-stage task whose handler returned {@code result}; false when the batch's update did not
     * apply and the caller must record the return on the general path.
     */
    boolean completed(TaskJob job, String result) {
        Request request = new Request(job, false, result);
        submit(finishes, request);
        return request.applied;
    }

    /**
     * Queues the request and waits until a batch holding it has committed. The first waiting thread that finds
     * no writer becomes the lane's writer and writes batches until its own request is done; the others park
     * until theirs is (the writer wakes each thread of a batch it wrote), so a thread whose request is done
     * returns at once instead of queueing for a lock only to find nothing left to do. A writer stepping down
     * wakes the thread of the oldest pending request to write next.
     */
    private void submit(Lane lane, Request request) {
        lane.pending.add(request);
        boolean interrupted = false;
        while (!request.done) {
            if (lane.writing.compareAndSet(false, true)) {
                try {
                    while (!request.done) {
                        List<Request> batch = new ArrayList<>();
                        for (Request r; batch.size() < MAX_BATCH && (r = lane.pending.poll()) != null; ) {
                            batch.add(r);
                        }
                        write(batch);
                    }
                } finally {
                    lane.writing.set(false);
                }
                Request next = lane.pending.peek();
                if (next != null) {
                    LockSupport.unpark(next.thread);
                }
            } else {
                LockSupport.park(this); // woken when done, or when the writer steps down; else loops
                // An interrupt (the worker shutting down) must not make park return at once, over and over: the
                // thread still waits for its batch, and gets its interrupt back afterwards.
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (request.failure != null) {
            throw request.failure;
        }
    }

    private void write(List<Request> batch) {
        List<TaskJob> claims = new ArrayList<>();
        List<Transitions.Returned> returns = new ArrayList<>();
        for (Request r : batch) {
            if (r.claim) {
                claims.add(r.job);
            } else {
                returns.add(new Transitions.Returned(r.job, r.result));
            }
        }
        try {
            Transitions.BatchOutcome outcome = store.inTransaction("writing " + batch.size()
                    + " task claims and finishes", t -> {
                        store.dialect().relaxDurability(t.connection());
                        return transitions.batch(t, claims, returns);
                    });
            for (Request r : batch) {
                if (r.claim) {
                    r.claimed = outcome.claimed().get(r.job.jobId());
                } else {
                    r.applied = outcome.completed().contains(r.job.task());
                }
            }
        } catch (RuntimeException e) {
            for (Request r : batch) {
                r.failure = e;
            }
        } finally {
            for (Request r : batch) {
                r.done = true;
                if (r.thread != Thread.currentThread()) {
                    LockSupport.unpark(r.thread);
                }
            }
        }
    }

    /** Requests waiting for a batch, and whether a thread is writing one. */
    private static final class Lane {
        final ConcurrentLinkedQueue<Request> pending = new ConcurrentLinkedQueue<>();
        final AtomicBoolean writing = new AtomicBoolean();
    }

    /**
     * One thread's request. The writer sets the outcome, then {@code done} (volatile), which publishes it to the
     * submitting thread.
     */
    private static final class Request {
        final TaskJob job;
        final boolean claim;
        final String result;
        final Thread thread = Thread.currentThread();
        Task claimed;
        boolean applied;
        RuntimeException failure;
        volatile boolean done;

        Request(TaskJob job, boolean claim, String result) {
            this.job = job;
            this.claim = claim;
            this.result = result;
        }
    }
}
