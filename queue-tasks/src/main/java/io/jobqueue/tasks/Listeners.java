package io.jobqueue.tasks;

import java.util.List;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The result callbacks, run after the transaction that finished a task has committed. */
final class Listeners {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final List<TaskListener> completed;
    private final List<TaskListener> failed;

    Listeners(List<TaskListener> completed, List<TaskListener> failed) {
        this.completed = List.copyOf(completed);
        this.failed = List.copyOf(failed);
    }

    /** Schedules the listeners of {@code status} to run once {@code t} commits; {@code read} fetches the task then. */
    void finished(Transaction t, long taskId, TaskStatus status, LongFunction<Task> read) {
        List<TaskListener> listeners = status == TaskStatus.COMPLETED ? completed
                : status == TaskStatus.FAILED ? failed : List.of();
        if (listeners.isEmpty()) {
            return;
        }
        t.afterCommit(() -> {
            Task task;
            try {
                task = read.apply(taskId);
            } catch (RuntimeException e) {
                log.warn("task {} {}, but reading it for its listeners failed: {}", taskId, status, e.toString());
                return;
            }
            for (TaskListener listener : listeners) {
                try {
                    listener.onTask(task);
                } catch (RuntimeException e) {
                    log.warn("a listener of task {} ({}) threw", taskId, status, e);
                }
            }
        });
    }
}
