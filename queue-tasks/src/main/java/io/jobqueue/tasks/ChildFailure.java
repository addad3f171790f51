package io.jobqueue.tasks;

/** What a child task that fails (or is cancelled) does to the stage that fanned it out. */
public enum ChildFailure {
    /** The stage waits for every child; the next stage sees how many failed and decides. */
    CONTINUE,
    /** The first child to fail fails the task; its children that have not started never start. */
    FAIL_TASK
}
