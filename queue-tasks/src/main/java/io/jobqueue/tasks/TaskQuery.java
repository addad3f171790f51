package io.jobqueue.tasks;

import io.jobqueue.InvalidInputException;

/**
 * Which tasks to list or count, and which page. By default: top-level tasks of any name and status, the newest
 * {@value #DEFAULT_LIMIT} first.
 *
 * <pre>{@code
 * List<Task> failed = manager.list(TaskQuery.all().withName("import").withStatus(TaskStatus.FAILED).page(0, 20));
 * }</pre>
 *
 * @param name only tasks of this name, or null for any
 * @param status only tasks in this status, or null for any
 * @param parentId the children of this task (in the order they were fanned out), or null for top-level tasks
 * @param offset tasks to skip
 * @param limit most tasks to return, 1 to {@value #MAX_LIMIT}
 */
public record TaskQuery(String name, TaskStatus status, Long parentId, long offset, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 10_000;

    public TaskQuery {
        if (name != null) {
            TaskDefinition.checkName(name);
        }
        if (offset < 0) {
            throw new InvalidInputException("offset must be zero or positive, got " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    public static TaskQuery all() {
        return new TaskQuery(null, null, null, 0, DEFAULT_LIMIT);
    }

    public TaskQuery withName(String taskName) {
        return new TaskQuery(taskName, status, parentId, offset, limit);
    }

    public TaskQuery withStatus(TaskStatus taskStatus) {
        return new TaskQuery(name, taskStatus, parentId, offset, limit);
    }

    public TaskQuery childrenOf(long parent) {
        return new TaskQuery(name, status, parent, offset, limit);
    }

    public TaskQuery page(long skip, int max) {
        return new TaskQuery(name, status, parentId, skip, max);
    }
}
