package io.jobqueue.tasks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Claims of one-stage tasks (the children of a fan-out, typically), written for many handler threads in one
 * store transaction. A handler thread queues its request; one thread at a time writes every request pending at
 * that moment, its own and those queued while the previous batch committed, and wakes the threads whose requests
 * it wrote. So one commit serves a batch of children; each thread still waits for its own claim to be committed
 * before its handler runs. (Their finishes are stored in batches too, before the runtime deletes their jobs: see
 * {@link StageRunner#beforeDelete}.)
 */
final class GroupCommit {
    /** Most requests one transaction writes. */
    static final int MAX_BATCH = 512;

    /** Runs one batch's transaction ({@link TaskManager#inBatchTransaction}). */
    interface Transactions {
        <T> T run(String what, TaskStore.Work<T> work);
    }

    private final Transactions transactions;
    private final Transitions transitions;
    private final Lane claims = new Lane();

    GroupCommit(Transactions transactions, Transitions transitions) {
        this.transactions = transactions;
        this.transitions = transitions;
    }

    /** Starts an attempt of a one-stage task; empty when the job is stale (see {@link Transitions#claim}). */
    Optional<TaskRows.Claimed> claim(TaskJob job) {
        return Optional.ofNullable(claim(List.of(job)).get(job));
    }

    /**
     * Starts an attempt of each one-stage task of {@code jobs} (some tasks of a pack) in one transaction; the map
     * holds those that started, with the task as it is now.
     */
    Map<TaskJob, TaskRows.Claimed> claim(List<TaskJob> jobs) {
        Request request = new Request(jobs);
        submit(claims, request);
        return request.claimed;
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
                        int size = 0;
                        for (Request r; size < MAX_BATCH && (r = lane.pending.poll()) != null; ) {
                            batch.add(r);
                            size += r.jobs.size();
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
        List<TaskJob> jobs = batch.stream().flatMap(r -> r.jobs.stream()).toList();
        try {
            Transitions.BatchOutcome outcome = transactions.run("writing " + jobs.size() + " task claims",
                    t -> transitions.batch(t, jobs, List.of()));
            for (Request r : batch) {
                Map<TaskJob, TaskRows.Claimed> mine = new HashMap<>();
                for (TaskJob job : r.jobs) {
                    TaskRows.Claimed task = outcome.claimed().get(job);
                    if (task != null) {
                        mine.put(job, task);
                    }
                }
                r.claimed = mine;
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
        final List<TaskJob> jobs;
        final Thread thread = Thread.currentThread();
        Map<TaskJob, TaskRows.Claimed> claimed;
        RuntimeException failure;
        volatile boolean done;

        Request(List<TaskJob> jobs) {
            this.jobs = jobs;
        }
    }
}
