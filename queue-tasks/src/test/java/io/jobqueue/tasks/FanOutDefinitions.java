package io.jobqueue.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/** The task definitions the multi-process tests run, the same in the test and in every worker process. */
final class FanOutDefinitions {
    static final String TASK = "fan";
    static final String CHILD = "fan-row";

    private FanOutDefinitions() {}

    /** A manager of {@code db} with a task that fans out {@code params} children, then reports their counts. */
    static TaskManager manager(TaskDatabase db) {
        return TaskManager.builder(db.queue, db.store)
                .pipelinePrefix(db.pipelinePrefix())
                .register(TaskDefinition.builder(TASK)
                        .stage("split", ctx -> {
                            int n = ctx.params(Integer.class);
                            ctx.fanOut(CHILD, IntStream.range(0, n).boxed().toList());
                            return n;
                        })
                        .stage("report", ctx -> {
                            StageState split = ctx.previousStage().orElseThrow();
                            long sum = 0;
                            for (Task child : ctx.previousChildren()) {
                                sum += child.resultAs(Long.class).orElse(0L);
                            }
                            return Map.of("completed", split.progress().completed(), "failed",
                                    split.progress().failed(), "sum", sum, "pid", ProcessHandle.current().pid());
                        })
                        .build())
                .registerWorker(CHILD, ctx -> (long) ctx.params(Integer.class))
                .build();
    }

    /**
     * What a run of {@link #TASK} with {@code children} children must end with, however its processes fared: no
     * problem reported, the task completed with each of its two stages started once, the report and the progress
     * counting every child once, and every child completed. Returns the task's children, for more checks.
     */
    static TaskQuery assertCompletedOnce(TaskManager tasks, long id, int children, List<String> problems) {
        assertEquals(List.of(), problems);
        Task task = tasks.getTask(id);
        assertEquals(TaskStatus.COMPLETED, task.status(), String.valueOf(task.error()));
        assertEquals(2, task.attempts(), "the split and the final stage each started once");
        Map<?, ?> report = task.resultAs(Map.class).orElseThrow();
        assertEquals(children, ((Number) report.get("completed")).intValue());
        assertEquals(0, ((Number) report.get("failed")).intValue());
        assertEquals(LongStream.range(0, children).sum(), ((Number) report.get("sum")).longValue(),
                "each child's result counted once");
        assertEquals(new Progress(children, children, 0), task.progress());
        TaskQuery all = TaskQuery.all().childrenOf(id);
        assertEquals(children, tasks.count(all));
        assertEquals(children, tasks.count(all.withStatus(TaskStatus.COMPLETED)));
        return all;
    }
}
