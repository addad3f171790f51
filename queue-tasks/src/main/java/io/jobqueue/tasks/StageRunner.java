package io.jobqueue.tasks;

import io.jobqueue.Job;
import io.jobqueue.worker.BatchHooks;
import io.jobqueue.worker.JobHandler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker runtime's handler for every task pipeline: starts the stage the job names, runs its handler, and
 * records the outcome. A failure is recorded and then thrown on, so the runtime releases the job with backoff,
 * or buries it after the last attempt (when the task is marked failed first).
 *
 * <p>A one-stage task (a fan-out's child, typically) is started through the {@link GroupCommit}, in a transaction
 * shared with other handler threads. When its handler returns, its thread does not wait for the task to be
 * completed: the result is kept here until the runtime is about to delete the job, and {@link #beforeDelete}
 * completes all the tasks of a delete batch in one transaction (one update of a parent's counters per batch), so a
 * job is still deleted only after its task's state is stored. The claim stays on the handler's thread, when the
 * handler starts: claimed any earlier (when the batch is reserved) a task would show started while its job waits
 * behind busy handler threads, and cancelling its parent would no longer stop it.
 *
 * <p>A job may carry a pack of one-stage tasks ({@link JobPacking}): they run one after another on the job's
 * thread, claimed a few at a time, and their returns are stored together when the job is deleted.
 */
final class StageRunner implements JobHandler, BatchHooks {
    private static final Logger log = LoggerFactory.getLogger(StageRunner.class);

    /** How long a claimed child of a pack may wait for its handler, about (see {@link #handlePack}). */
    static final long CLAIM_AHEAD_NANOS = 1_000_000;

    private final TaskManager manager;
    /** The returns of one-stage tasks not yet stored, by job id: from a handler's return until the job's delete. */
    private final Map<Long, List<Transitions.Returned>> returned = new ConcurrentHashMap<>();
    /** How long a task of a pack took to run lately, by task name, so the next pack knows how many to claim. */
    private final Map<String, Long> runNanos = new ConcurrentHashMap<>();

    StageRunner(TaskManager manager) {
        this.manager = manager;
    }

    @Override
    public void handle(Job job) throws Exception {
        List<TaskJob> taskJobs = TaskJob.all(job);
        String name = manager.pipelines().taskName(job.pipeline());
        TaskDefinition definition = manager.definition(name);
        // A one-stage task (a fan-out's child, typically) starts and completes in transactions shared with other
        // handler threads: its parent's counters move once per batch, not once per child.
        boolean oneStage = definition.stages().size() == 1 && taskJobs.get(0).stage() == 0;
        if (taskJobs.size() == 1) {
            handleOne(job, taskJobs.get(0), name, definition, oneStage);
        } else if (oneStage) {
            handlePack(job, taskJobs, name, definition);
        } else {
            // Packed where the definition had one stage, run where it has more: each task on the general path.
            Exception first = null;
            for (TaskJob taskJob : taskJobs) {
                try {
                    handleOne(job, taskJob, name, definition, false);
                } catch (Exception e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    private void handleOne(Job job, TaskJob taskJob, String name, TaskDefinition definition, boolean oneStage)
            throws Exception {
        Optional<TaskRows.Claimed> claimed = oneStage ? manager.groupCommit().claim(taskJob)
                : manager.store().inTransaction("starting stage " + taskJob.stage() + " of task " + taskJob.task(),
                        t -> manager.transitions().claim(t, taskJob, definition));
        if (claimed.isEmpty()) {
            log.debug("job {}: task {} is not queued at stage {}; nothing to do", job.id(), taskJob.task(),
                    taskJob.stage());
            return;
        }
        String result;
        try {
            if (taskJob.stage() >= definition.stages().size()) {
                throw new IllegalStateException("task '" + name + "' has no stage " + taskJob.stage()
                        + " (it has " + definition.stages().size() + ")");
            }
            result = run(job, claimed.get(), taskJob, definition);
        } catch (Throwable failure) { // an Error in a handler fails the attempt like an exception
            if (!recordFailure(job, taskJob, failure)) {
                return;
            }
            throw failure instanceof Exception e ? e : new Exception(failure.toString(), failure);
        }
        if (oneStage) {
            returned.put(job.id(), List.of(new Transitions.Returned(taskJob, result))); // stored by beforeDelete
            return;
        }
        stageReturned(taskJob, result);
    }

    /**
     * Runs the tasks of a pack one after another. They are claimed a few at a time, as many as the last ones'
     * run time says will start within {@link #CLAIM_AHEAD_NANOS} (at first as the last pack of the same name ran,
     * one when none has; then at most four times as many as last time), so a claimed child waits at most about
     * that long before its handler runs, and a cancel of its parent still stops the children that have not
     * started. When all returned, their returns are stored with the job's delete ({@link #beforeDelete}), like a
     * single task's. When some failed, the returns are stored now and the failures recorded, and the job fails: the
     * runtime releases it with backoff (or buries it after the last attempt), and its next run claims only the
     * tasks that have not completed. When the worker stops during a pack (an interrupt), the tasks claimed ahead
     * and not run are queued again as if never claimed.
     */
    private void handlePack(Job job, List<TaskJob> pack, String name, TaskDefinition definition) throws Exception {
        List<Transitions.Returned> done = new ArrayList<>(pack.size());
        List<TaskJob> failedJobs = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        List<Boolean> failedOnInterrupt = new ArrayList<>();
        List<Long> notRun = new ArrayList<>(); // claimed, then the worker stopped
        boolean interrupted = false;
        int next = 0;
        Long known = runNanos.get(name);
        int chunk = known == null ? 1 : (int) Math.min(pack.size(), Math.max(1, CLAIM_AHEAD_NANOS / known));
        while (next < pack.size() && !interrupted) {
            List<TaskJob> part = pack.subList(next, Math.min(pack.size(), next + chunk));
            next += part.size();
            Map<TaskJob, TaskRows.Claimed> claimed = manager.groupCommit().claim(part);
            long began = System.nanoTime();
            int ran = 0;
            for (TaskJob taskJob : part) {
                TaskRows.Claimed task = claimed.get(taskJob);
                if (task == null) {
                    continue; // stale: completed, cancelled or moved on
                }
                if (interrupted) {
                    notRun.add(taskJob.task());
                    continue;
                }
                ran++;
                try {
                    done.add(new Transitions.Returned(taskJob, run(job, task, taskJob, definition)));
                } catch (Throwable failure) {
                    interrupted = failure instanceof InterruptedException || Thread.currentThread().isInterrupted();
                    failedJobs.add(taskJob);
                    failures.add(failure);
                    failedOnInterrupt.add(interrupted);
                }
            }
            if (ran == 0) {
                chunk = 4 * part.size();
                continue;
            }
            long perChild = Math.max(1, (System.nanoTime() - began) / ran);
            runNanos.put(name, perChild);
            chunk = (int) Math.min(4L * part.size(), Math.max(1, CLAIM_AHEAD_NANOS / perChild));
        }
        if (failures.isEmpty() && !interrupted) {
            returned.put(job.id(), done); // stored by beforeDelete
            return;
        }
        if (interrupted) {
            Thread.interrupted(); // cleared for the writes below; set again before the throw
        }
        store(done);
        if (!notRun.isEmpty()) {
            manager.store().inTransaction("giving back " + notRun.size() + " claims of job " + job.id(),
                    t -> manager.taskRows().unclaim(t, notRun, job.id()));
        }
        Exception thrown = null;
        for (int i = 0; i < failures.size(); i++) {
            if (recordFailure(job, failedJobs.get(i), failures.get(i), failedOnInterrupt.get(i))) {
                if (thrown == null) {
                    thrown = new Exception("task " + failedJobs.get(i).task() + " of the " + pack.size()
                            + " tasks of job " + job.id() + " failed: " + failures.get(i), failures.get(i));
                } else {
                    thrown.addSuppressed(failures.get(i));
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw thrown != null ? thrown : new InterruptedException("the worker stopped during job " + job.id());
        }
        if (thrown != null) {
            throw thrown;
        }
    }

    /** Runs the stage's handler for a claimed task; returns its result as JSON. */
    private String run(Job job, TaskRows.Claimed task, TaskJob taskJob, TaskDefinition definition) throws Exception {
        Stage stage = definition.stages().get(taskJob.stage());
        Object value = stage.handler().handle(new RunContext(manager, task, definition, taskJob, job::reserves));
        return value == null ? null : TaskJson.write(value, "the result of task '" + definition.name() + "'");
    }

    /**
     * Records a failed attempt; false when the task was cancelled or moved on meanwhile, and the failure is dropped.
     * An interrupt is the worker shutting down: it releases the job, so that attempt was not the last.
     */
    private boolean recordFailure(Job job, TaskJob taskJob, Throwable failure) {
        return recordFailure(job, taskJob, failure,
                failure instanceof InterruptedException || Thread.currentThread().isInterrupted());
    }

    private boolean recordFailure(Job job, TaskJob taskJob, Throwable failure, boolean interrupted) {
        boolean last = job.reserves() >= manager.maxAttempts() && !interrupted;
        boolean failed = manager.store().inTransaction("recording a failure of task " + taskJob.task(),
                t -> manager.transitions().stageFailed(t, taskJob, describe(failure), last, job.id()));
        if (!failed) {
            log.info("task {} was cancelled or moved on while stage {} ran; its failure is dropped: {}",
                    taskJob.task(), taskJob.stage(), failure.toString());
        }
        return failed;
    }

    private void stageReturned(TaskJob taskJob, String result) {
        manager.store().inTransaction("finishing stage " + taskJob.stage() + " of task " + taskJob.task(), t -> {
            manager.transitions().stageReturned(t, taskJob, result);
            return null;
        });
    }

    /**
     * Completes the one-stage tasks of the batch whose handlers returned (see {@link #store}). A job's returns
     * leave the map only once they are stored, so the runtime's retry after a failure here stores what is left,
     * and nothing twice.
     */
    @Override
    public void beforeDelete(List<Job> jobs) {
        List<Long> ids = new ArrayList<>();
        List<Transitions.Returned> returns = new ArrayList<>();
        for (Job job : jobs) {
            List<Transitions.Returned> r = returned.get(job.id());
            if (r != null) {
                ids.add(job.id());
                returns.addAll(r);
            }
        }
        if (returns.isEmpty()) {
            return;
        }
        store(returns);
        for (long id : ids) {
            returned.remove(id);
        }
    }

    /**
     * Completes one-stage tasks whose handlers returned, in one transaction; those its guarded update does not
     * apply to (a repeat, a task that fanned out) go the general path, each in a transaction of its own.
     */
    private void store(List<Transitions.Returned> returns) {
        if (returns.isEmpty()) {
            return;
        }
        Transitions.BatchOutcome outcome = manager.inBatchTransaction("completing " + returns.size() + " tasks",
                t -> manager.transitions().batch(t, List.of(), returns));
        for (Transitions.Returned r : returns) {
            if (!outcome.completed().contains(r.job().task())) {
                stageReturned(r.job(), r.result());
            }
        }
    }

    /** The job was let go of without a delete (failed, given back at shutdown): its return, if any, is not stored. */
    @Override
    public void dropped(Job job) {
        returned.remove(job.id());
    }

    /** How many returns wait to be stored; for tests. */
    int pendingReturns() {
        return returned.size();
    }

    /** The exception, its message and stack trace, cut to what the store keeps. */
    static String describe(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        String all = text.toString();
        return all.length() <= TaskRows.MAX_ERROR_LENGTH ? all : all.substring(0, TaskRows.MAX_ERROR_LENGTH - 3) + "...";
    }
}
