package io.jobqueue.dashboard;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.jobqueue.Job;
import io.jobqueue.JobState;
import io.jobqueue.PipelineStats;
import io.jobqueue.tasks.TaskQuery;
import io.jobqueue.tasks.TaskStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The queue part of the REST API (pipelines and jobs), statistics and health. */
final class QueueApi {
    /** Said where a backend without LIST_BY_STATE shows a state's jobs: it reads one job per state, the next one. */
    static final String LISTING = "next job only: this backend can peek the next job of a state but cannot list"
            + " every job by state (no LIST_BY_STATE capability)";
    /** Said where the backend lists every job of a state. */
    static final String LISTING_ALL = "every job of the state, in id order, a page at a time: follow next";
    static final int DEFAULT_PAGE = 50;

    private static final Logger log = LoggerFactory.getLogger(QueueApi.class);

    private final Operations ops;

    QueueApi(Operations ops) {
        this.ops = ops;
    }

    void register(RoutesConfig routes) {
        routes.get("/health", this::health);
        routes.get("/api/stats", this::stats);
        routes.get("/api/workers", ctx -> Json.send(ctx, 200,
                Map.of("workers", ops.workers().stream().map(Views::worker).toList())));
        routes.get("/api/throughput", this::throughput);
        routes.get("/api/schedules", ctx -> Json.send(ctx, 200,
                Map.of("schedules", ops.schedules().stream().map(Views::schedule).toList())));
        routes.get("/api/pipelines", ctx -> Json.send(ctx, 200, Map.of("pipelines", pipelines(ops.pipelines()))));
        // <name> spans slashes (pipeline names may hold '/'); the longer routes are registered first.
        routes.get("/api/pipelines/<name>/jobs", this::jobs);
        routes.post("/api/pipelines/<name>/kick", ctx -> {
            int kicked = ops.kick(ctx.pathParam("name"), Params.intQuery(ctx, "max", 1, 1, 1_000_000));
            Json.send(ctx, 200, Map.of("kicked", kicked));
        });
        routes.post("/api/pipelines/<name>/pause", ctx -> pause(ctx, true));
        routes.post("/api/pipelines/<name>/resume", ctx -> pause(ctx, false));
        routes.get("/api/pipelines/<name>", this::pipeline);
        routes.get("/api/jobs/{id}", ctx -> Json.send(ctx, 200, Views.job(ops.job(Params.id(ctx)))));
        routes.post("/api/jobs/{id}/kick", ctx -> Json.send(ctx, 200, Views.job(ops.kick(Params.id(ctx)))));
        routes.delete("/api/jobs/{id}", ctx -> {
            ops.delete(Params.id(ctx));
            ctx.status(204);
        });
    }

    /** Pauses or resumes a pipeline; answers with its counts and whether it is paused now. */
    private void pause(Context ctx, boolean pause) {
        String name = ctx.pathParam("name");
        boolean paused = ops.pause(name, pause);
        Json.send(ctx, 200, Views.pipeline(ops.pipeline(name), paused, ops.limits(name)));
    }

    private List<Map<String, Object>> pipelines(List<PipelineStats> all) {
        return all.stream().map(this::view).toList();
    }

    /** A pipeline's counts, whether it is paused and its limits where the backend has them. */
    private Map<String, Object> view(PipelineStats s) {
        return Views.pipeline(s, ops.paused(s.pipeline()), ops.limits(s.pipeline()));
    }

    private void pipeline(Context ctx) {
        PipelineStats stats = ops.pipeline(ctx.pathParam("name"));
        Map<String, Object> body = view(stats);
        if (ops.canPeek()) {
            Map<String, Object> next = new LinkedHashMap<>();
            for (JobState state : List.of(JobState.READY, JobState.DELAYED, JobState.BURIED)) {
                next.put(state.name().toLowerCase(), ops.next(stats.pipeline(), state).map(Views::job).orElse(null));
            }
            body.put("next", next);
        }
        Json.send(ctx, 200, body);
    }

    /**
     * {@code ?state=buried&after=0&limit=50}: a page of the state's jobs where the backend lists them (with the
     * id the next page starts after), else the one job it can show (the next one); with the state's count.
     */
    private void jobs(Context ctx) {
        String pipeline = ctx.pathParam("name");
        JobState state = Params.state(ctx.queryParam("state"));
        PipelineStats stats = ops.pipeline(pipeline);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pipeline", stats.pipeline());
        body.put("state", state.name());
        body.put("count", stats.count(state));
        if (ops.canList()) {
            long after = Params.longQuery(ctx, "after", 0, 0, Long.MAX_VALUE);
            int limit = Params.intQuery(ctx, "limit", DEFAULT_PAGE, 1, io.jobqueue.JobQueue.MAX_LIST_LIMIT);
            Operations.JobsPage page = ops.list(stats.pipeline(), state, after, limit);
            body.put("jobs", page.jobs().stream().map(Views::job).toList());
            body.put("next", page.nextAfter());
            body.put("complete", true);
            body.put("listing", LISTING_ALL);
        } else {
            Optional<Job> next = ops.next(pipeline, state);
            body.put("jobs", next.map(Views::job).stream().toList());
            body.put("next", null);
            body.put("complete", stats.count(state) <= 1);
            body.put("listing", LISTING);
        }
        Json.send(ctx, 200, body);
    }

    /** Jobs per minute over the last hour, oldest first, from the sampler's memory. */
    private void throughput(Context ctx) {
        Throughput.History h = ops.throughput();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("since", Views.time(h.since()));
        body.put("sampleIntervalMs", ops.sampleInterval().toMillis());
        body.put("succeeded", h.succeeded());
        body.put("failed", h.failed());
        body.put("minutes", h.minutes().stream().map(m -> {
            Map<String, Object> minute = new LinkedHashMap<>();
            minute.put("start", Views.time(m.start()));
            minute.put("succeeded", m.succeeded());
            minute.put("failed", m.failed());
            return minute;
        }).toList());
        Json.send(ctx, 200, body);
    }

    private void stats(Context ctx) {
        Map<String, Object> tasks = new LinkedHashMap<>();
        for (Map.Entry<TaskStatus, Long> e : ops.taskCounts().entrySet()) {
            tasks.put(e.getKey().name(), e.getValue());
        }
        List<PipelineStats> pipelines = ops.pipelines();
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("ready", pipelines.stream().mapToLong(PipelineStats::ready).sum());
        totals.put("delayed", pipelines.stream().mapToLong(PipelineStats::delayed).sum());
        totals.put("reserved", pipelines.stream().mapToLong(PipelineStats::reserved).sum());
        totals.put("buried", pipelines.stream().mapToLong(PipelineStats::buried).sum());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobs", totals);
        body.put("pipelines", pipelines(pipelines));
        body.put("tasks", tasks);
        Json.send(ctx, 200, body);
    }

    /** 200 when the queue and the task store answer, else 503 saying which did not (no stack trace). */
    private void health(Context ctx) {
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean up = probe(checks, "queue", () -> ops.queue().listPipelines());
        up &= probe(checks, "taskStore", () -> ops.count(TaskQuery.all().page(0, 1)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.putAll(checks);
        Json.send(ctx, up ? 200 : 503, body);
    }

    private static boolean probe(Map<String, Object> body, String name, Runnable check) {
        try {
            check.run();
            body.put(name, "UP");
            return true;
        } catch (RuntimeException e) {
            log.warn("health check of the {} failed", name, e);
            body.put(name, "DOWN: " + e.getClass().getSimpleName());
            return false;
        }
    }
}
