package io.jobqueue.tasks;

import java.util.Map;
import java.util.stream.IntStream;

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
}
