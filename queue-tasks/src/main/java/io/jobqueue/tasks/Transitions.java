package io.jobqueue.tasks;

import io.jobqueue.InvalidInputException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

/**
 * Every change of a task's status, each inside the caller's store transaction.
 *
 * <h2>Locks</h2>
 * Rows are locked top-down: a task's ancestors before the task, a task before its children, task rows before
 * stage rows. Every transaction that may finish a task (and so count it at its parent, which may finish the
 * parent, and so on) locks the task's whole lineage first, root first; so no two transactions wait on each
 * other in a cycle. A fan-out and a claim lock only their task. The one exception is {@link #batch}: it locks
 * its children's rows, then their parent's stage row, and only when that completes the stage the parent's
 * lineage; a transaction holding the parent and waiting for its stage row (a cancel at that very moment) can
 * deadlock with it, and the database rolls one of them back to run again.
 *
 * <h2>Exactly once</h2>
 * A child's end is counted in the same transaction that moves the child's row to a finished status, and that
 * update matches only an unfinished row: a repeat finds it finished and counts nothing. The counters sit on the
 * parent's stage row; adding to them and reading them back happen under that row's lock, so the transactions
 * that end the children and the one that records the handler's return are serialised, and the stage is complete
 * (handler returned, finished == total) in exactly one of them. That one closes the stage ({@code status IN
 * ('STARTED', 'WAITING')} guards it again) and queues the next stage's job in the same transaction.
 */
final class Transitions {
    private final TaskRows tasks;
    private final StageRows stages;
    private final Dispatch dispatch;
    private final Listeners listeners;
    private final LongFunction<Task> readAfterCommit;

    Transitions(TaskRows tasks, StageRows stages, Dispatch dispatch, Listeners listeners,
            LongFunction<Task> readAfterCommit) {
        this.tasks = tasks;
        this.stages = stages;
        this.dispatch = dispatch;
        this.listeners = listeners;
        this.readAfterCommit = readAfterCommit;
    }

    /** A task's row and its ancestors' rows, locked: index 0 is the task, then its parent, and so on. */
    record Lineage(List<TaskRows.Row> rows) {
        TaskRows.Row task() {
            return rows.get(0);
        }

        TaskRows.Row at(int depth) {
            return rows.get(depth);
        }
    }

    Lineage lockLineage(Transaction t, long id) throws SQLException {
        List<Long> ids = new ArrayList<>();
        ids.add(id);
        for (Optional<Long> parent = tasks.parentOf(t, id); parent.isPresent();
                parent = tasks.parentOf(t, parent.get())) {
            ids.add(parent.get());
        }
        TaskRows.Row[] rows = new TaskRows.Row[ids.size()];
        for (int i = ids.size() - 1; i >= 0; i--) {
            long each = ids.get(i);
            rows[i] = tasks.lock(t, each).orElseThrow(() -> new NoSuchTaskException(each));
        }
        return new Lineage(List.of(rows));
    }

    // ---- a stage's attempt -------------------------------------------------------------------------------

    /** Starts an attempt of a stage; empty when the job is stale (the task moved on, waits, or finished). */
    Optional<TaskRows.Claimed> claim(Transaction t, TaskJob job, TaskDefinition definition) throws SQLException {
        if (!tasks.claim(t, job)) {
            return Optional.empty();
        }
        if (definition.stages().size() > 1 && job.stage() < definition.stages().size()) {
            Stage stage = definition.stages().get(job.stage());
            stages.start(t, job.task(), job.stage(), stage.name(), stage.childFailure() == ChildFailure.FAIL_TASK,
                    job.stage() == definition.stages().size() - 1);
        }
        return tasks.claimed(t, job.task());
    }

    /** The stage's handler returned {@code result}: the stage completes now, or waits for its children. */
    void stageReturned(Transaction t, TaskJob job, String result) throws SQLException {
        Lineage lineage = lockLineage(t, job.task());
        TaskRows.Row task = lineage.task();
        if (task.status() != TaskStatus.STARTED || task.stage() != job.stage()) {
            return; // cancelled or failed meanwhile, or a repeat after the stage moved on
        }
        Optional<StageRows.Counters> row = stages.lock(t, task.id(), task.stage());
        if (row.isEmpty()) {
            finish(t, lineage, 0, TaskStatus.COMPLETED, result, null, null); // one stage, no children
            return;
        }
        StageRows.Counters c = row.get();
        if (c.handlerDone() || !stages.handlerReturned(t, task.id(), task.stage(), result)) {
            return; // a repeat
        }
        StageRows.Counters now = new StageRows.Counters(true, c.total(), c.completed(), c.failed(), c.failFast(),
                c.lastStage(), result, TaskStatus.WAITING);
        if (now.allChildrenFinished()) {
            completeStage(t, lineage, 0, now);
        } else {
            tasks.setStatus(t, task.id(), TaskStatus.WAITING);
        }
    }

    /**
     * The stage's handler threw. Returns whether the worker should treat the job as failed (release it to run
     * again, or bury it after the last attempt); false when the task was cancelled or moved on, and the job has
     * nothing left to do.
     */
    boolean stageFailed(Transaction t, TaskJob job, String error, boolean lastAttempt, long jobId)
            throws SQLException {
        Lineage lineage = lockLineage(t, job.task());
        TaskRows.Row task = lineage.task();
        if (task.status() != TaskStatus.STARTED || task.stage() != job.stage()) {
            return false;
        }
        if (lastAttempt) {
            finish(t, lineage, 0, TaskStatus.FAILED, null, error, jobId);
        } else {
            tasks.recordError(t, task.id(), error);
        }
        return true;
    }

    // ---- many one-stage tasks at once (see GroupCommit and StageRunner#beforeDelete) ---------------------

    /** A one-stage task's handler returned {@code result}. */
    record Returned(TaskJob job, String result) {}

    /**
     * Which claims started their task (with the task as it is now), and which returns completed theirs (by task
     * id).
     */
    record BatchOutcome(Map<TaskJob, TaskRows.Claimed> claimed, Set<Long> completed) {}

    /**
     * Completes the one-stage tasks of {@code returns} that are started at their job's stage and fanned out
     * nothing, counts them at their parents (one update of each parent stage's counters), and starts the tasks
     * of {@code claims} as {@link #claim} does. Locks: the tasks' rows in id order, then each parent's stage row
     * in parent order; only a batch that completes a stage goes on to lock that parent's lineage (the one
     * transaction that sees the stage complete, as on the general path).
     */
    BatchOutcome batch(Transaction t, List<TaskJob> claims, List<Returned> returns) throws SQLException {
        Set<Long> completed = new HashSet<>();
        if (!returns.isEmpty()) {
            List<Returned> inOrder = returns.stream().sorted(Comparator.comparingLong(r -> r.job().task())).toList();
            TaskRows.Completions done = tasks.completeStarted(t, inOrder);
            for (int i = 0; i < done.applied().length; i++) {
                if (done.applied()[i]) {
                    long id = inOrder.get(i).job().task();
                    completed.add(id);
                    listeners.finished(t, id, TaskStatus.COMPLETED, readAfterCommit);
                }
            }
            for (TaskRows.ChildCount c : done.byParent()) {
                childrenCompleted(t, c.parentId(), c.parentStage(), c.count());
            }
        }
        Map<TaskJob, TaskRows.Claimed> claimed = new HashMap<>();
        if (!claims.isEmpty()) {
            List<TaskJob> inOrder = claims.stream().sorted(Comparator.comparingLong(TaskJob::task)).toList();
            TaskRows.Claimed[] started = tasks.claimAll(t, inOrder);
            for (int i = 0; i < started.length; i++) {
                if (started[i] != null) { // two jobs of one task in a batch: only the one whose claim applied
                    claimed.put(inOrder.get(i), started[i]);
                }
            }
        }
        return new BatchOutcome(claimed, completed);
    }

    /** Counts {@code count} completed children at a parent's stage; completes the stage if that decides it. */
    private void childrenCompleted(Transaction t, long parentId, int parentStage, long count) throws SQLException {
        StageRows.Counters c = stages.count(t, parentId, parentStage, count, 0);
        if (!c.handlerDone() || !c.allChildrenFinished() || c.status().isFinished()) {
            return;
        }
        Lineage lineage = lockLineage(t, parentId);
        TaskRows.Row parent = lineage.task();
        if (!parent.status().isFinished() && parent.stage() == parentStage) {
            completeStage(t, lineage, 0, c);
        }
    }

    // ---- fan-out -----------------------------------------------------------------------------------------

    /**
     * Creates the children numbered {@code firstSeq} on for the running stage, skipping those an earlier attempt
     * created, and queues them; returns how many were new.
     */
    int fanOut(Transaction t, TaskJob job, Stage stage, boolean lastStage, String childName, List<String> params,
            long firstSeq) throws SQLException {
        TaskRows.Row task = tasks.lock(t, job.task()).orElseThrow(() -> new NoSuchTaskException(job.task()));
        if (task.status() != TaskStatus.STARTED || task.stage() != job.stage()) {
            throw new TaskCancelledException(task.id(), "task " + task.id() + " is " + task.status()
                    + (task.stage() != job.stage() ? " at stage " + task.stage() : "") + "; stage " + job.stage()
                    + " cannot fan out");
        }
        stages.start(t, task.id(), task.stage(), stage.name(), stage.childFailure() == ChildFailure.FAIL_TASK,
                lastStage);
        long next = tasks.nextChildSeq(t, task.id(), task.stage());
        if (next < firstSeq) { // an earlier call's children are not there: never number past a gap
            throw new IllegalStateException("task " + task.id() + " stage " + job.stage() + " has children up to "
                    + (next - 1) + " but this fan-out starts at " + firstSeq + "; the attempt fails, and the next"
                    + " one creates the missing children");
        }
        int skip = (int) Math.min(params.size(), Math.max(0, next - firstSeq));
        if (skip == params.size()) {
            return 0;
        }
        List<Long> ids = tasks.insertChildren(t, task, childName, params.subList(skip, params.size()),
                firstSeq + skip);
        stages.addChildren(t, task.id(), task.stage(), ids.size());
        dispatch.enqueue(t, childName, ids, 0, task.priority(), task.ttrMs());
        return ids.size();
    }

    // ---- operator actions --------------------------------------------------------------------------------

    /** Cancels an unfinished task; false when it had finished. */
    boolean cancel(Transaction t, long id) throws SQLException {
        return finish(t, lockLineage(t, id), 0, TaskStatus.CANCELLED, null, null, null);
    }

    /**
     * Runs a failed task again from where it failed: its stage's handler, or (when the handler had returned and
     * children failed) the stage's failed and cancelled children. {@code deleteJob} gets the ids of the buried
     * jobs of the failed attempts, to delete once this commits.
     */
    void retry(Transaction t, long id, LongConsumer deleteJob) throws SQLException {
        Lineage lineage = lockLineage(t, id);
        TaskRows.Row task = lineage.task();
        if (task.status() != TaskStatus.FAILED) {
            throw new InvalidInputException("only a failed task can be retried; task " + id + " is " + task.status());
        }
        TaskRows.Row parent = task.parentId() == null ? null : lineage.at(1);
        if (parent != null && (parent.status().isFinished() || parent.stage() != task.parentStage())) {
            throw new InvalidInputException("task " + id + " cannot be retried: its parent " + parent.id() + " is "
                    + parent.status() + "; retry the parent");
        }
        Optional<StageRows.Counters> row = stages.lock(t, id, task.stage());
        if (row.isPresent() && row.get().handlerDone()) {
            List<TaskRows.Unfinished> failed = tasks.failedChildren(t, id, task.stage());
            if (failed.isEmpty()) {
                throw new InvalidInputException("task " + id + " has no failed children to retry at stage "
                        + task.stage());
            }
            int requeued = tasks.requeueFailedChildren(t, id, task.stage());
            stages.count(t, id, task.stage(), 0, -requeued);
            stages.reopen(t, id, task.stage(), TaskStatus.WAITING);
            tasks.setStatus(t, id, TaskStatus.WAITING);
            Map<String, List<Long>> byName = new java.util.LinkedHashMap<>();
            Set<Long> buried = new java.util.LinkedHashSet<>(); // a pack's job holds several children
            for (TaskRows.Unfinished child : failed) {
                byName.computeIfAbsent(child.name(), k -> new ArrayList<>()).add(child.id());
                if (child.jobId() != null) {
                    buried.add(child.jobId());
                }
            }
            for (Map.Entry<String, List<Long>> children : byName.entrySet()) {
                dispatch.enqueue(t, children.getKey(), children.getValue(), 0, task.priority(), task.ttrMs());
            }
            for (long jobId : buried) {
                t.afterCommit(() -> deleteJob.accept(jobId));
            }
        } else {
            Long jobId = tasks.requeue(t, id, task.stage() == 0 ? TaskStatus.QUEUED : TaskStatus.STARTED);
            if (row.isPresent()) {
                stages.reopen(t, id, task.stage(), TaskStatus.STARTED);
            }
            dispatch.enqueue(t, task.name(), List.of(id), task.stage(), task.priority(), task.ttrMs());
            if (jobId != null) {
                t.afterCommit(() -> deleteJob.accept(jobId));
            }
        }
        if (parent != null) {
            stages.count(t, parent.id(), task.parentStage(), 0, -1); // it no longer counts as failed
        }
    }

    // ---- finishing ---------------------------------------------------------------------------------------

    /**
     * Finishes the task at {@code depth} of the lineage, unless it had finished: stores its status, ends its
     * stage, cancels its children that have not started (when it did not complete), and counts it at its
     * parent. Returns false when it had finished already.
     */
    private boolean finish(Transaction t, Lineage lineage, int depth, TaskStatus status, String result, String error,
            Long jobId) throws SQLException {
        TaskRows.Row task = lineage.at(depth);
        boolean changed = status == TaskStatus.COMPLETED ? tasks.complete(t, task.id(), result)
                : tasks.end(t, task.id(), status, error, jobId);
        if (!changed) {
            return false;
        }
        stages.end(t, task.id(), task.stage(), status);
        if (status != TaskStatus.COMPLETED) {
            int cancelled = tasks.cancelQueuedChildren(t, task.id());
            if (cancelled > 0) {
                stages.count(t, task.id(), task.stage(), 0, cancelled);
            }
        }
        listeners.finished(t, task.id(), status, readAfterCommit);
        if (task.parentId() != null) {
            childFinished(t, lineage, depth + 1, task.parentStage(), status, task.id());
        }
        return true;
    }

    /** Counts a finished child at its parent's stage, and completes or fails the parent when that decides it. */
    private void childFinished(Transaction t, Lineage lineage, int parentDepth, int parentStage, TaskStatus status,
            long childId) throws SQLException {
        TaskRows.Row parent = lineage.at(parentDepth);
        boolean completed = status == TaskStatus.COMPLETED;
        StageRows.Counters c = stages.count(t, parent.id(), parentStage, completed ? 1 : 0, completed ? 0 : 1);
        if (parent.status().isFinished() || parent.stage() != parentStage) {
            return;
        }
        if (!completed && c.failFast()) {
            finish(t, lineage, parentDepth, TaskStatus.FAILED, null, "child task " + childId + " "
                    + status.name().toLowerCase(java.util.Locale.ROOT) + " and stage " + parentStage
                    + " fails the task when a child fails", null);
        } else if (c.handlerDone() && c.allChildrenFinished()) {
            completeStage(t, lineage, parentDepth, c);
        }
    }

    /** The stage of the task at {@code depth} is complete: the task moves to its next stage, or finishes. */
    private void completeStage(Transaction t, Lineage lineage, int depth, StageRows.Counters c) throws SQLException {
        TaskRows.Row task = lineage.at(depth);
        if (c.failFast() && c.failed() > 0) {
            finish(t, lineage, depth, TaskStatus.FAILED, null, c.failed() + " of " + c.total() + " children of stage "
                    + task.stage() + " did not complete", null);
            return;
        }
        if (!stages.end(t, task.id(), task.stage(), TaskStatus.COMPLETED)) {
            return; // closed already: never twice
        }
        if (c.lastStage()) {
            finish(t, lineage, depth, TaskStatus.COMPLETED, c.result(), null, null);
        } else {
            tasks.advance(t, task.id(), task.stage() + 1);
            dispatch.enqueue(t, task.name(), List.of(task.id()), task.stage() + 1, task.priority(), task.ttrMs());
        }
    }
}
