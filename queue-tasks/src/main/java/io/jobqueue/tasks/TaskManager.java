package io.jobqueue.tasks;

import io.jobqueue.Capability;
import io.jobqueue.InvalidInputException;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueException;
import io.jobqueue.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks on a job queue: queue a task by name with params, follow its status, read its result; run handlers for
 * them on the worker runtime. Task state lives in a {@link TaskStore}; each stage of a task runs as one job in the
 * pipeline {@code <pipelinePrefix><task name>}, which carries only the task's id and the stage.
 *
 * <pre>{@code
 * TaskManager tasks = TaskManager.builder(queue, store)
 *         .registerWorker("fibonacci", ctx -> fib(ctx.params(Integer.class)))
 *         .onCompleted(task -> log.info("{} = {}", task.id(), task.result()))
 *         .build();
 * long id = tasks.queue("fibonacci", 40).id();
 * tasks.workerBuilder().concurrency(8).build().run();   // in a worker process
 * tasks.getTask(id).status();                          // QUEUED, STARTED, ..., COMPLETED
 * }</pre>
 *
 * <h2>One transaction, or an outbox</h2>
 * On a queue that can add jobs inside a caller's JDBC transaction ({@link Capability#TRANSACTIONAL_ADD}: the
 * JDBC backends) the store must be in the queue's database: a task's row and the job that runs it are written
 * in one transaction, as are a stage's end and the next stage's job, and a fan-out's children and their jobs.
 * On any other queue (beanstalkd, RabbitMQ) the store is a database of its own (an SQLite file, say) and those
 * transactions write the jobs to the store's outbox; they are sent once it commits, and a sweeper in every worker
 * process sends what a crash left there. {@link #close()} stops the sweeper.
 *
 * <p>Thread-safe once built.
 */
public final class TaskManager implements AutoCloseable {
    /** The default number of attempts of a stage, as the worker runtime's. */
    public static final int DEFAULT_MAX_ATTEMPTS = Worker.DEFAULT_MAX_ATTEMPTS;
    /** How long finished tasks are kept by default before {@link #prune()} deletes them. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** How many tasks one pruning transaction deletes at most, by default. */
    public static final int DEFAULT_PRUNE_BATCH_SIZE = 1_000;
    static final int MAX_PRUNE_BATCH_SIZE = 10_000;
    /** How many children of a fan-out one job carries at most, by default (see {@link Builder#childrenPerJob}). */
    public static final int DEFAULT_CHILDREN_PER_JOB = 32;
    static final int MAX_CHILDREN_PER_JOB = 1_000;

    private static final Logger log = LoggerFactory.getLogger(TaskManager.class);

    private final JobQueue queue;
    private final TaskStore store;
    private final Map<String, TaskDefinition> definitions;
    private final TaskPipelines pipelines;
    private final int maxAttempts;
    private final JobOptions jobOptions;
    private final TaskRows taskRows;
    private final StageRows stageRows;
    private final Dispatch dispatch;
    /** Sends what a crash left in the outbox; null when jobs are added in the store's transaction. */
    private final OutboxSweeper sweeper;
    private final Transitions transitions;
    private final GroupCommit groupCommit;
    private final Duration retention;
    private final Pruning pruning;

    private TaskManager(Builder b) {
        this.queue = b.queue;
        this.store = b.store;
        this.definitions = Map.copyOf(b.definitions);
        this.pipelines = new TaskPipelines(b.pipelinePrefix);
        this.maxAttempts = b.maxAttempts;
        this.jobOptions = b.jobOptions;
        this.taskRows = new TaskRows(store.tables(), store.dialect());
        this.stageRows = new StageRows(store.tables(), store.dialect());
        JobPacking packing = new JobPacking(definitions, b.childrenPerJob);
        if (queue.capabilities().contains(Capability.TRANSACTIONAL_ADD)) {
            this.dispatch = new TransactionalDispatch(queue, pipelines, packing);
            this.sweeper = null;
        } else {
            OutboxDispatch outbox = new OutboxDispatch(queue, pipelines, store, packing);
            this.dispatch = outbox;
            this.sweeper = new OutboxSweeper(store, outbox);
        }
        this.transitions = new Transitions(taskRows, stageRows, dispatch,
                new Listeners(b.onCompleted, b.onFailed), this::getTask);
        this.groupCommit = new GroupCommit(this::inBatchTransaction, transitions);
        this.retention = b.retention;
        this.pruning = new Pruning(store, b.pruneBatchSize);
    }

    public static Builder builder(JobQueue queue, TaskStore store) {
        return new Builder(Objects.requireNonNull(queue, "queue"), Objects.requireNonNull(store, "store"));
    }

    // ---- queueing ----------------------------------------------------------------------------------------

    /** Queues a task with the default job options; {@code params} is any value Jackson can write. */
    public Task queue(String name, Object params) {
        return queue(name, params, jobOptions);
    }

    /**
     * Queues a task: its row and the job for its first stage commit together (or, through the outbox, the job is
     * sent once the row has committed). {@code options} set the priority and time to run of its jobs (its
     * children's too) and the delay before it starts.
     */
    public Task queue(String name, Object params, JobOptions options) {
        TaskDefinition.checkName(name);
        Objects.requireNonNull(options, "options");
        String json = TaskJson.write(params, "params of task '" + name + "'");
        long ttrMs = options.ttr().toMillis();
        long id = store.inTransaction("queueing task '" + name + "'", t -> {
            long created = taskRows.insert(t, name, json, options.priority(), ttrMs);
            dispatch.enqueue(t, name, List.of(created), 0, options);
            return created;
        });
        return getTask(id);
    }

    // ---- reading -----------------------------------------------------------------------------------------

    /** @throws NoSuchTaskException when there is no task {@code id} */
    public Task getTask(long id) {
        return findTask(id).orElseThrow(() -> new NoSuchTaskException(id));
    }

    public Optional<Task> findTask(long id) {
        return store.read("reading task " + id, t -> taskRows.task(t, id));
    }

    /** The stored state of each stage that has one, in order (see {@link StageState}). */
    public List<StageState> stages(long id) {
        return store.read("reading the stages of task " + id, t -> stageRows.all(t, id));
    }

    /** A page of tasks: top-level ones newest first, or one task's children in order. */
    public List<Task> list(TaskQuery query) {
        Objects.requireNonNull(query, "query");
        return store.read("listing tasks", t -> taskRows.list(t, query));
    }

    /** How many tasks match {@code query} (its page is ignored). */
    public long count(TaskQuery query) {
        Objects.requireNonNull(query, "query");
        return store.read("counting tasks", t -> taskRows.count(t, query));
    }

    // ---- operator actions --------------------------------------------------------------------------------

    /**
     * Cancels a task that has not finished: a queued task never starts; its children that have not started never
     * start; a stage already running finishes, but its result is dropped. A cancelled child counts at its
     * parent as a failed one. Returns false when the task had finished.
     */
    public boolean cancel(long id) {
        return store.inTransaction("cancelling task " + id, t -> transitions.cancel(t, id));
    }

    /**
     * Runs a failed task again from where it failed: the stage whose handler failed, or the failed and cancelled
     * children of a stage that failed because of them. The buried jobs of the failed attempts are deleted where the
     * queue can delete a job by id ({@code DELETE_BY_ID}); on RabbitMQ they stay buried (a kicked one is a second
     * job for its stage, which a claim tolerates: only one job starts a stage).
     *
     * @return the task as read once the retry has committed: a worker may already have started it, or finished it
     * @throws InvalidInputException when the task has not failed, or is a child whose parent has finished
     */
    public Task retry(long id) {
        store.inTransaction("retrying task " + id, t -> {
            transitions.retry(t, id, this::deleteJob);
            return null;
        });
        return getTask(id);
    }

    private void deleteJob(long jobId) {
        try {
            queue.delete(jobId);
        } catch (JobQueueException e) {
            log.debug("the buried job {} of a retried task was not deleted: {}", jobId, e.getMessage());
        }
    }

    /**
     * Deletes the top-level tasks that finished longer ago than the retention, with their children and stages,
     * in batches of one transaction each; returns how many tasks were deleted. Call it from time to time (for
     * example daily, from one process); it is safe to call from several at once.
     */
    public long prune() {
        long deleted = pruning.prune(store.clock().millis() - retention.toMillis());
        if (deleted > 0) {
            log.info("pruned {} tasks finished more than {} ago", deleted, retention);
        }
        return deleted;
    }

    public Duration retention() {
        return retention;
    }

    // ---- running -----------------------------------------------------------------------------------------

    /**
     * A worker builder that runs this manager's task definitions, each on its pipeline, with this manager's
     * {@code maxAttempts}. Set concurrency and the rest on it; leave maxAttempts to the manager, which decides
     * from it when an attempt is a task's last. On a queue without {@link Capability#TRANSACTIONAL_ADD} this also
     * starts the manager's outbox sweeper (once), which runs until {@link #close()}.
     */
    public Worker.Builder workerBuilder() {
        if (definitions.isEmpty()) {
            throw new InvalidInputException("no task definition is registered; register one before building a worker");
        }
        if (sweeper != null) {
            sweeper.start();
        }
        Worker.Builder builder = Worker.builder(queue).maxAttempts(maxAttempts);
        StageRunner runner = new StageRunner(this);
        for (String name : definitions.keySet()) {
            builder.registerWorker(pipelines.of(name), runner);
        }
        return builder;
    }

    /** The names of the registered task definitions, sorted. */
    public List<String> definitionNames() {
        return definitions.keySet().stream().sorted().toList();
    }

    /** The pipeline whose jobs run the tasks named {@code name}. */
    public String pipeline(String name) {
        return pipelines.of(TaskDefinition.checkName(name));
    }

    public TaskStore store() {
        return store;
    }

    /**
     * Stops the outbox sweeper, if {@link #workerBuilder()} started one; the store and the queue stay open (they
     * are the caller's). Call it after the workers have stopped.
     */
    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.stop();
        }
    }

    /** How many jobs wait in the outbox to be sent (always 0 when jobs are added in the store's transaction). */
    long outboxSize() {
        return dispatch instanceof OutboxDispatch outbox
                ? store.read("counting the task outbox", t -> outbox.rows().count(t)) : 0;
    }

    int maxAttempts() {
        return maxAttempts;
    }

    /**
     * A transaction of claims, completions or a fan-out chunk: relaxed ({@link TaskStore#inRelaxedTransaction})
     * when the queue's writes that follow it (a job's delete, a stage's return) go to the store's own database, so
     * a log that loses it loses them too; durable when they go to another server (the outbox's queue).
     */
    <T> T inBatchTransaction(String what, TaskStore.Work<T> work) {
        return dispatch instanceof TransactionalDispatch ? store.inRelaxedTransaction(what, work)
                : store.inTransaction(what, work);
    }

    TaskPipelines pipelines() {
        return pipelines;
    }

    Transitions transitions() {
        return transitions;
    }

    Dispatch dispatch() {
        return dispatch;
    }

    GroupCommit groupCommit() {
        return groupCommit;
    }

    TaskRows taskRows() {
        return taskRows;
    }

    TaskDefinition definition(String name) {
        TaskDefinition definition = definitions.get(name);
        if (definition == null) {
            throw new IllegalStateException("no task definition named '" + name + "' is registered");
        }
        return definition;
    }

    /** Collects definitions, listeners and settings; {@link #build()} checks them. */
    public static final class Builder {
        private final JobQueue queue;
        private final TaskStore store;
        private final Map<String, TaskDefinition> definitions = new LinkedHashMap<>();
        private final List<TaskListener> onCompleted = new ArrayList<>();
        private final List<TaskListener> onFailed = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private String pipelinePrefix = TaskPipelines.DEFAULT_PREFIX;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private JobOptions jobOptions = JobOptions.defaults();
        private Duration retention = DEFAULT_RETENTION;
        private int pruneBatchSize = DEFAULT_PRUNE_BATCH_SIZE;
        private int childrenPerJob = DEFAULT_CHILDREN_PER_JOB;

        private Builder(JobQueue queue, TaskStore store) {
            this.queue = queue;
            this.store = store;
        }

        /** Runs tasks named {@code name} with one stage, {@code handler}. */
        public Builder registerWorker(String name, TaskHandler handler) {
            try {
                return register(TaskDefinition.of(name, handler));
            } catch (InvalidInputException e) {
                problems.add("registerWorker: " + e.getMessage());
                return this;
            }
        }

        public Builder register(TaskDefinition definition) {
            if (definition == null) {
                problems.add("register: the definition must not be null");
            } else if (definitions.putIfAbsent(definition.name(), definition) != null) {
                problems.add("register: a task named '" + definition.name() + "' is registered already");
            }
            return this;
        }

        /** Called when a task (a child too) completes, after its status is committed. */
        public Builder onCompleted(TaskListener listener) {
            onCompleted.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Called when a task (a child too) fails, after its status is committed. */
        public Builder onFailed(TaskListener listener) {
            onFailed.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Prefix of the task pipelines ({@value TaskPipelines#DEFAULT_PREFIX} by default). */
        public Builder pipelinePrefix(String prefix) {
            this.pipelinePrefix = prefix;
            return this;
        }

        /** Attempts of a stage before its task fails ({@value #DEFAULT_MAX_ATTEMPTS} by default). */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /** The job options {@link #queue(String, Object)} uses (the queue's defaults by default). */
        public Builder jobOptions(JobOptions options) {
            this.jobOptions = options;
            return this;
        }

        /** How long finished tasks are kept before {@link TaskManager#prune()} deletes them (7 days by default). */
        public Builder retention(Duration keep) {
            this.retention = keep;
            return this;
        }

        /** Most tasks one pruning transaction deletes ({@value #DEFAULT_PRUNE_BATCH_SIZE} by default). */
        public Builder pruneBatchSize(int tasks) {
            this.pruneBatchSize = tasks;
            return this;
        }

        /**
         * Most children of a fan-out one job carries ({@value #DEFAULT_CHILDREN_PER_JOB} by default; 1 sends one job
         * per child). Only children whose definition has one stage are packed, and a fan-out is never packed into
         * fewer than {@value JobPacking#MIN_JOBS} jobs. The children of a job run one after another on one handler
         * thread; each is still claimed, run, retried and recorded on its own, and a child's status shows STARTED
         * only about a millisecond before its handler runs (see the README's "Tasks").
         */
        public Builder childrenPerJob(int children) {
            this.childrenPerJob = children;
            return this;
        }

        /** @throws InvalidInputException naming each setting that is wrong */
        public TaskManager build() {
            List<String> all = new ArrayList<>(problems);
            try {
                new TaskPipelines(pipelinePrefix);
            } catch (InvalidInputException e) {
                all.add(e.getMessage());
            }
            if (maxAttempts < 1) {
                all.add("maxAttempts must be at least 1, got " + maxAttempts);
            }
            if (retention == null || retention.isNegative()) {
                all.add("retention must be zero or positive, got " + retention);
            }
            if (pruneBatchSize < 1 || pruneBatchSize > MAX_PRUNE_BATCH_SIZE) {
                all.add("pruneBatchSize must be between 1 and " + MAX_PRUNE_BATCH_SIZE + ", got " + pruneBatchSize);
            }
            if (childrenPerJob < 1 || childrenPerJob > MAX_CHILDREN_PER_JOB) {
                all.add("childrenPerJob must be between 1 and " + MAX_CHILDREN_PER_JOB + ", got " + childrenPerJob);
            }
            if (jobOptions == null) {
                all.add("jobOptions must not be null");
            }
            if (jobOptions != null && jobOptions.uniqueKey() != null
                    && !queue.capabilities().contains(Capability.TRANSACTIONAL_ADD)) {
                all.add("jobOptions must not carry a unique key on a queue without TRANSACTIONAL_ADD: task jobs"
                        + " go through the store's outbox");
            }
            if (!all.isEmpty()) {
                throw new InvalidInputException("invalid task manager settings: " + String.join("; ", all));
            }
            return new TaskManager(this);
        }
    }
}
