package io.jobqueue.tasks;

import io.jobqueue.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.IntSupplier;

/** The context of one attempt of one stage, on the handler's thread. */
final class RunContext implements TaskContext {
    static final int MAX_BATCH_SIZE = 10_000;
    static final int CHILDREN_PAGE = 500;
    /** Most children one fan-out transaction inserts and queues. */
    static final int FAN_OUT_CHUNK = 5_000;

    private final TaskManager manager;
    private final TaskRows.Claimed task;
    private final TaskDefinition definition;
    private final TaskJob job;
    /** Read when a stage asks: the job's reservation count may cost a round trip to read (beanstalkd). */
    private final IntSupplier attempt;
    private long nextSeq;
    private Optional<StageState> previous;

    RunContext(TaskManager manager, TaskRows.Claimed task, TaskDefinition definition, TaskJob job,
            IntSupplier attempt) {
        this.manager = manager;
        this.task = task;
        this.definition = definition;
        this.job = job;
        this.attempt = attempt;
    }

    @Override
    public long taskId() {
        return task.id();
    }

    @Override
    public String taskName() {
        return task.name();
    }

    @Override
    public int stageIndex() {
        return job.stage();
    }

    @Override
    public String stageName() {
        return stage().name();
    }

    @Override
    public int attempt() {
        return attempt.getAsInt();
    }

    @Override
    public Optional<Long> parentId() {
        return Optional.ofNullable(task.parentId());
    }

    @Override
    public String paramsJson() {
        return task.params();
    }

    @Override
    public <T> T params(Class<T> type) {
        return TaskJson.read(task.params(), type);
    }

    @Override
    public Optional<StageState> previousStage() {
        if (previous == null) {
            previous = job.stage() == 0 ? Optional.empty()
                    : manager.stages(task.id()).stream().filter(s -> s.index() == job.stage() - 1).findFirst();
        }
        return previous;
    }

    @Override
    public Iterable<Task> previousChildren() {
        if (job.stage() == 0) {
            return List.of();
        }
        return () -> new ChildPages(job.stage() - 1);
    }

    @Override
    public synchronized void fanOut(String childName, List<?> items, int batchSize) {
        TaskDefinition.checkName(childName);
        if (items == null) {
            throw new InvalidInputException("fanOut: items must not be null");
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new InvalidInputException("fanOut: batchSize must be between 1 and " + MAX_BATCH_SIZE + ", got "
                    + batchSize);
        }
        List<Object> children = new ArrayList<>((items.size() + batchSize - 1) / batchSize);
        for (int from = 0; from < items.size(); from += batchSize) {
            children.add(batchSize == 1 ? items.get(from)
                    : items.subList(from, Math.min(items.size(), from + batchSize)));
        }
        List<String> params = TaskJson.writeEach(children, "fanOut item");
        if (params.isEmpty()) {
            return;
        }
        boolean last = job.stage() == definition.stages().size() - 1;
        // A transaction per chunk, so the first children run while the rest are still being inserted. A failure
        // part way leaves the chunks that committed; the attempt fails, and the next one's call skips them. Their
        // commits wait for the disk only where the manager says (a chunk lost in a power cut on SQLite goes with
        // everything after it, the stage's return included, so the stage runs again and creates it again).
        for (int from = 0; from < params.size(); from += FAN_OUT_CHUNK) {
            List<String> chunk = params.subList(from, Math.min(params.size(), from + FAN_OUT_CHUNK));
            long first = nextSeq;
            manager.inBatchTransaction("fanning out " + chunk.size() + " children of task " + task.id(),
                    t -> manager.transitions().fanOut(t, job, stage(), last, childName, chunk, first));
            nextSeq += chunk.size();
        }
    }

    @Override
    public boolean isCancelled() {
        Task now = manager.getTask(task.id());
        return now.status().isFinished() || now.stage() != job.stage();
    }

    private Stage stage() {
        return definition.stages().get(job.stage());
    }

    /** Reads a stage's children a page at a time, by their numbers. */
    private final class ChildPages implements Iterator<Task> {
        private final int stage;
        private List<TaskRows.Child> page = List.of();
        private int index;
        private long afterSeq = -1;
        private boolean exhausted;

        ChildPages(int stage) {
            this.stage = stage;
        }

        @Override
        public boolean hasNext() {
            if (index < page.size()) {
                return true;
            }
            if (exhausted) {
                return false;
            }
            page = manager.store().read("reading children of task " + task.id(),
                    t -> manager.taskRows().children(t, task.id(), stage, afterSeq, CHILDREN_PAGE));
            index = 0;
            exhausted = page.size() < CHILDREN_PAGE;
            if (!page.isEmpty()) {
                afterSeq = page.get(page.size() - 1).seq();
            }
            return !page.isEmpty();
        }

        @Override
        public Task next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.get(index++).task();
        }
    }
}
