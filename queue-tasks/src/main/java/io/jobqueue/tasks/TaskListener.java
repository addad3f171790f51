package io.jobqueue.tasks;

/**
 * Called after a task's final status is stored and committed, in the process that finished it, on the thread
 * that finished it. A listener that throws is logged, never retried; a crash between the commit and the call
 * loses the call, so a listener is for notifications, not for work that must happen (make that a stage).
 */
@FunctionalInterface
public interface TaskListener {
    void onTask(Task task);
}
