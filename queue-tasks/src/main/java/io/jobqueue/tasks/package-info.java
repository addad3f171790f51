/**
 * Tasks: named work with a status, params and a result, made of stages that may fan out into child tasks; the
 * next stage starts exactly once when a stage's handler has returned and all its children have finished.
 *
 * <p>{@link io.jobqueue.tasks.TaskManager} is the entry point, over a {@link io.jobqueue.JobQueue} (the
 * transport) and a {@link io.jobqueue.tasks.TaskStore} (the state). Users write
 * {@link io.jobqueue.tasks.TaskHandler}s and group them into {@link io.jobqueue.tasks.TaskDefinition}s. Inside,
 * one class per concept:
 *
 * <ul>
 *   <li>{@code Transitions}: every status change, its row locks, and the exactly-once stage completion;</li>
 *   <li>{@code TaskRows}, {@code StageRows}: the SQL on the two tables, beside the code that binds it;</li>
 *   <li>{@code StoreDialect} and one subclass per database: table definitions and what else differs;</li>
 *   <li>{@code StageRunner}: the worker runtime's handler that runs a stage and records its outcome;</li>
 *   <li>{@code RunContext}: what a handler sees, and its fan-out;</li>
 *   <li>{@code Dispatch}: how stage jobs reach the queue from a store transaction.</li>
 * </ul>
 */
package io.jobqueue.tasks;
