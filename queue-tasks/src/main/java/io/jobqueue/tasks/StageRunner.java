package io.jobqueue.tasks;

import io.jobqueue.Job;
import io.jobqueue.worker.JobHandler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker runtime's handler for every task pipeline: starts the stage the job names, runs its handler, and
 * records the outcome. A failure is recorded and then thrown on, so the runtime releases the job with backoff,
 * or buries it after the last attempt (when the task is marked failed first).
 */
final class StageRunner implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(StageRunner.class);

    private final TaskManager manager;

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
        if (oneStage && manager.groupCommit().completed(taskJob, result)) {
            return;
        }
        manager.store().inTransaction("finishing stage " + taskJob.stage() + " of task " + taskJob.task(), t -> {
            manager.transitions().stageReturned(t, taskJob, result);
            return null;
        });
    }

    /** The exception, its message and stack trace, cut to what the store keeps. */
    static String describe(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        String all = text.toString();
        return all.length() <= TaskRows.MAX_ERROR_LENGTH ? all : all.substring(0, TaskRows.MAX_ERROR_LENGTH - 3) + "...";
    }
}
