package io.jobqueue.tasks;

import java.util.List;
import java.util.Optional;

/** What a stage's handler sees of its task, and how it fans out children. */
public interface TaskContext {
    long taskId();

    String taskName();

    /** The index of the running stage, from 0. */
    int stageIndex();

    String stageName();

    /** This stage's attempt, from 1: a retry or a repeat after a crash counts. */
    int attempt();

    /** The task that fanned this one out, if any. */
    Optional<Long> parentId();

    /** The params as JSON. */
    String paramsJson();

    /** The params read into {@code type}. */
    <T> T params(Class<T> type);

    /** The previous stage's state (its result and its children's counts); empty in the first stage. */
    Optional<StageState> previousStage();

    /**
     * The children of the previous stage, read lazily a page at a time in the order they were fanned out: never
     * all in memory at once. Empty in the first stage.
     */
    Iterable<Task> previousChildren();

    /**
     * Creates one child task named {@code childName} per item (its params), queued at once. Cheap for many
     * children: bulk inserts and bulk enqueues, a transaction per 5,000 children, so the first children run while
     * the rest are being created. The next stage starts when this handler has returned and every child has
     * finished.
     *
     * <p>Call it with the same items in the same order on every attempt: children are numbered by their place
     * across this stage's calls, so a retry after a failure creates only the children the failed attempt did
     * not, and never a second copy.
     *
     * @throws TaskCancelledException if the task was cancelled or has failed meanwhile
     */
    default void fanOut(String childName, List<?> items) {
        fanOut(childName, items, 1);
    }

    /** Like {@link #fanOut(String, List)}, with one child per {@code batchSize} items (its params: a list). */
    void fanOut(String childName, List<?> items, int batchSize);

    /** True when the task was cancelled (or failed) since this stage started: a long handler may stop early. */
    boolean isCancelled();
}
