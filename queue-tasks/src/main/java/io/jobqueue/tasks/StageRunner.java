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
 */
final class StageRunner implements JobHandler, BatchHooks {
    private static final Logger log = LoggerFactory.getLogger(StageRunner.class);

    private final TaskManager manager;
    /** The returns of one-stage tasks not yet stored, by job id: from a handler's return until the job's delete. */
    private final Map<Long, Transitions.Returned> returned = new ConcurrentHashMap<>();

    StageRunner(TaskManager manager) {
        this.manager = manager;
    }

    @Override
    public void handle(Job job) throws Exception {
        TaskJob taskJob = TaskJob.of(job);
        String name = manager.pipelines().taskName(job.pipeline());
        TaskDefinition definition = manager.definition(name);
        // A one-stage task (a fan-out's child, typically) starts and completes in transactions shared with other
        // handler threads: its parent's counters move once per batch, not once per child.
        boolean oneStage = definition.stages().size() == 1 && taskJob.stage() == 0;
        Optional<Task> claimed = oneStage ? manager.groupCommit().claim(taskJob)
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
            Stage stage = definition.stages().get(taskJob.stage());
            Object value = stage.handler().handle(new RunContext(manager, claimed.get(), definition, taskJob,
                    job::reserves));
            result = value == null ? null : TaskJson.write(value, "the result of task '" + name + "'");
        } catch (Throwable failure) { // an Error in a handler fails the attempt like an exception
            // An interrupt is the worker shutting down: it releases the job, so this was not the last attempt.
            boolean interrupted = failure instanceof InterruptedException || Thread.currentThread().isInterrupted();
            boolean last = job.reserves() >= manager.maxAttempts() && !interrupted;
            boolean failed = manager.store().inTransaction("recording a failure of task " + taskJob.task(),
                    t -> manager.transitions().stageFailed(t, taskJob, describe(failure), last, job.id()));
            if (!failed) {
                log.info("task {} was cancelled or moved on while stage {} ran; its failure is dropped: {}",
                        taskJob.task(), taskJob.stage(), failure.toString());
                return;
            }
            throw failure instanceof Exception e ? e : new Exception(failure.toString(), failure);
        }
        if (oneStage) {
            returned.put(job.id(), new Transitions.Returned(taskJob, result)); // stored by beforeDelete
            return;
        }
        stageReturned(taskJob, result);
    }

    private void stageReturned(TaskJob taskJob, String result) {
        manager.store().inTransaction("finishing stage " + taskJob.stage() + " of task " + taskJob.task(), t -> {
            manager.transitions().stageReturned(t, taskJob, result);
            return null;
        });
    }

    /**
     * Completes the one-stage tasks of the batch whose handlers returned, in one transaction; those its guarded
     * update does not apply to (a repeat, a task that fanned out) go the general path, each in a transaction of
     * its own. A return leaves the map only once it is stored, so the runtime's retry after a failure here
     * stores what is left, and nothing twice.
     */
    @Override
    public void beforeDelete(List<Job> jobs) {
        List<Long> ids = new ArrayList<>();
        List<Transitions.Returned> returns = new ArrayList<>();
        for (Job job : jobs) {
            Transitions.Returned r = returned.get(job.id());
            if (r != null) {
                ids.add(job.id());
                returns.add(r);
            }
        }
        if (returns.isEmpty()) {
            return;
        }
        TaskStore store = manager.store();
        Transitions.BatchOutcome outcome = store.inTransaction("completing " + returns.size() + " tasks", t -> {
            store.dialect().relaxDurability(t.connection());
            return manager.transitions().batch(t, List.of(), returns);
        });
        List<Integer> left = new ArrayList<>();
        for (int i = 0; i < returns.size(); i++) {
            if (outcome.completed().contains(returns.get(i).job().task())) {
                returned.remove(ids.get(i), returns.get(i));
            } else {
                left.add(i);
            }
        }
        for (int i : left) {
            stageReturned(returns.get(i).job(), returns.get(i).result());
            returned.remove(ids.get(i), returns.get(i));
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
