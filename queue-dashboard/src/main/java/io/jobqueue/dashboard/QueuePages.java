package io.jobqueue.dashboard;

import static io.jobqueue.dashboard.Html.esc;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.jobqueue.Job;
import io.jobqueue.JobState;
import io.jobqueue.PipelineLimits;
import io.jobqueue.PipelineStats;
import io.jobqueue.Schedule;
import io.jobqueue.WorkerInfo;
import io.jobqueue.WorkerRecord;
import io.jobqueue.tasks.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The overview (pipelines and tasks at a glance) and a pipeline's page (its jobs, kick, delete). */
final class QueuePages {
    /** Jobs per state on one page of the pipeline page. */
    static final int PAGE = 20;
    /** Beside a paused pipeline's name: workers take none of its jobs until it is resumed. */
    static final String PAUSED_BADGE = "<span class=\"badge paused\" title=\"workers take none of its jobs until it"
            + " is resumed\">paused</span>";

    /** In place of the workers where the backend keeps no worker registry (beanstalkd, RabbitMQ). */
    static final String NO_REGISTRY = "<p class=\"notice\" id=\"workers-unavailable\">This backend keeps no worker"
            + " registry (no WORKER_REGISTRY capability): its workers record no heartbeats, so the dashboard cannot"
            + " list them. Each worker process's own <code>/stats</code> (on its health port) still says what it"
            + " does.</p>";

    /** In place of the schedules where the backend holds none (beanstalkd, RabbitMQ). */
    static final String NO_SCHEDULES = "<p class=\"notice\" id=\"schedules-unavailable\">This backend holds no"
            + " recurring jobs (no SCHEDULES capability): <code>JobQueue.schedule</code> refuses on it, so there are"
            + " none to list.</p>";

    private final Operations ops;

    QueuePages(Operations ops) {
        this.ops = ops;
    }

    void register(RoutesConfig routes) {
        // Four live sections, each replaced only when its own content changed: the workers' "last seen" moves
        // every second, and must not redraw the chart (and drop the tooltip of a bar under the pointer) with it.
        routes.get("/", ctx -> ctx.html(Html.page("Overview", "<h1>Overview</h1>"
                + poll("/ui/overview", overview()) + poll("/ui/schedules", schedules())
                + poll("/ui/throughput", throughput())
                + poll("/ui/workers", workers()))));
        routes.get("/ui/overview", ctx -> ctx.html(overview()));
        routes.get("/ui/schedules", ctx -> ctx.html(schedules()));
        routes.get("/ui/throughput", ctx -> ctx.html(throughput()));
        routes.get("/ui/workers", ctx -> ctx.html(workers()));
        routes.get("/pipeline", ctx -> {
            String name = pipelineName(ctx);
            JobState paged = pagedState(ctx);
            long after = Params.longQuery(ctx, "after", 0, 0, Long.MAX_VALUE);
            ctx.html(Html.page("Pipeline " + name, "<h1>Pipeline <span class=\"name\">" + esc(name) + "</span></h1>"
                    + poll("/ui" + pageUrl(name, paged, after), pipeline(name, paged, after))));
        });
        routes.get("/ui/pipeline", ctx -> ctx.html(pipeline(pipelineName(ctx), pagedState(ctx),
                Params.longQuery(ctx, "after", 0, 0, Long.MAX_VALUE))));
    }

    /** The state whose list is paged past its first page ({@code ?state=...&after=...}), or null. */
    private static JobState pagedState(Context ctx) {
        String state = ctx.queryParam("state");
        return state == null || state.isBlank() ? null : Params.state(state);
    }

    /** The pipeline page with {@code state}'s list starting after the job with id {@code after}. */
    private static String pageUrl(String name, JobState state, long after) {
        String url = "/pipeline?name=" + Html.url(name);
        return state == null || after == 0 ? url : url + "&state=" + state.name().toLowerCase() + "&after=" + after;
    }

    private static String pipelineName(Context ctx) {
        String name = ctx.queryParam("name");
        if (name == null || name.isBlank()) {
            throw ApiError.badRequest("name the pipeline: /pipeline?name=...");
        }
        return name;
    }

    /** A section the page's script reloads every two seconds from {@code url}. */
    static String poll(String url, String content) {
        return "<section class=\"live\" data-poll=\"" + esc(url) + "\">" + content + "</section>";
    }

    String overview() {
        StringBuilder html = new StringBuilder();
        List<PipelineStats> pipelines = ops.pipelines();
        html.append("<h2>Pipelines</h2>");
        if (pipelines.isEmpty()) {
            html.append("<p class=\"muted\">No pipeline holds a job.</p>");
        } else {
            html.append("<table id=\"pipelines\"><thead><tr><th>pipeline</th><th class=\"num\">ready</th>"
                    + "<th class=\"num\">delayed</th><th class=\"num\">reserved</th><th class=\"num\">buried</th>"
                    + "<th class=\"num\">total</th></tr></thead><tbody>");
            for (PipelineStats s : pipelines) {
                html.append("<tr data-pipeline=\"").append(esc(s.pipeline())).append("\"><td><a href=\"")
                        .append(esc("/pipeline?name=" + Html.url(s.pipeline()))).append("\">")
                        .append(esc(s.pipeline())).append("</a>")
                        .append(ops.paused(s.pipeline()) ? " " + PAUSED_BADGE : "").append("</td>")
                        .append(num(s.ready(), "ready")).append(num(s.delayed(), "delayed"))
                        .append(num(s.reserved(), "reserved")).append(num(s.buried(), s.buried() > 0 ? "buried alert" : "buried"))
                        .append(num(s.total(), "total")).append("</tr>");
            }
            html.append("</tbody></table>");
        }
        html.append("<h2>Tasks</h2><table id=\"task-counts\"><thead><tr>");
        Map<TaskStatus, Long> counts = ops.taskCounts();
        for (TaskStatus status : counts.keySet()) {
            html.append("<th class=\"num\">").append(esc(status.name().toLowerCase())).append("</th>");
        }
        html.append("</tr></thead><tbody><tr>");
        for (Map.Entry<TaskStatus, Long> e : counts.entrySet()) {
            html.append("<td class=\"num\"><a href=\"/tasks?status=").append(e.getKey().name()).append("\">")
                    .append(e.getValue()).append("</a></td>");
        }
        html.append("</tr></tbody></table><p class=\"muted\">Top-level tasks; a task's children are on its page.</p>");
        return html.toString();
    }

    /** The recurring jobs with their next run (one read of the backend), or why this backend has none. */
    private String schedules() {
        StringBuilder html = new StringBuilder("<h2>Schedules</h2>");
        if (!ops.canListSchedules()) {
            return html.append(NO_SCHEDULES).toString();
        }
        List<Schedule> all = ops.schedules();
        if (all.isEmpty()) {
            return html.append("<p class=\"muted\" id=\"schedules-none\">No recurring job is scheduled.</p>")
                    .toString();
        }
        html.append("<table id=\"schedules\"><thead><tr><th>name</th><th>recurrence</th><th>pipeline</th>"
                + "<th>next run</th><th></th></tr></thead><tbody>");
        Instant now = ops.now();
        for (Schedule s : all) {
            html.append("<tr data-schedule=\"").append(esc(s.name())).append("\"><td class=\"name\">")
                    .append(esc(s.name())).append("</td><td class=\"recurrence\">").append(esc(s.recurrence()))
                    .append("</td><td class=\"pipeline\"><a href=\"")
                    .append(esc("/pipeline?name=" + Html.url(s.pipeline()))).append("\">").append(esc(s.pipeline()))
                    .append("</a></td><td class=\"next-run\">").append(esc(Html.time(s.nextRunAt())))
                    .append("</td><td class=\"next-run-relative\">").append(esc(Html.until(s.nextRunAt(), now)))
                    .append("</td></tr>");
        }
        return html.append("</tbody></table><p class=\"muted\">A worker built with <code>runSchedules()</code>"
                + " enqueues each run; a run long past due means none does.</p>").toString();
    }

    /** Jobs per minute over the last hour from the sampler's memory, or why this backend has no chart. */
    private String throughput() {
        String chart = ops.canListWorkers() ? ThroughputChart.html(ops.throughput(), ops.sampleInterval())
                : "<p class=\"notice\" id=\"throughput-unavailable\">No chart: it is drawn from the workers'"
                        + " heartbeats, and this backend keeps no worker registry (no WORKER_REGISTRY capability).</p>";
        return "<h2>Jobs per minute</h2>" + chart;
    }

    /** The worker processes of the registry, alive or dead, or why this backend has none to show. */
    private String workers() {
        StringBuilder html = new StringBuilder("<h2>Workers</h2>");
        if (!ops.canListWorkers()) {
            return html.append(NO_REGISTRY).toString();
        }
        List<WorkerRecord> all = ops.workers();
        if (all.isEmpty()) {
            return html.append("<p class=\"muted\" id=\"workers-none\">No worker process has recorded a heartbeat.</p>")
                    .toString();
        }
        long alive = all.stream().filter(WorkerRecord::alive).count();
        html.append("<p class=\"muted\">").append(alive).append(" alive, ").append(all.size() - alive)
                .append(" dead (silent for three heartbeats; listed for an hour).</p>")
                .append("<table id=\"workers\"><thead><tr><th></th><th>host</th><th class=\"num\">pid</th>"
                        + "<th>pipelines</th><th class=\"num\">busy / handlers</th><th class=\"num\">succeeded</th>"
                        + "<th class=\"num\">failed</th><th>started</th><th>last seen</th></tr></thead><tbody>");
        Instant now = ops.now();
        for (WorkerRecord r : all) {
            WorkerInfo w = r.worker();
            String state = r.alive() ? "alive" : "dead";
            html.append("<tr class=\"worker ").append(state).append("\" data-worker-id=\"").append(esc(w.id()))
                    .append("\" title=\"worker ").append(esc(w.id())).append("\"><td><span class=\"badge ")
                    .append(state).append("\">").append(state).append("</span></td><td class=\"host\">")
                    .append(esc(w.host())).append("</td>").append(num(w.pid(), "pid"))
                    .append("<td class=\"pipelines\">").append(esc(String.join(", ", w.pipelines()))).append("</td>")
                    .append("<td class=\"num busy\">").append(w.busyHandlers()).append(" / ").append(w.handlers())
                    .append("</td>").append(num(w.succeeded(), "succeeded"))
                    .append(num(w.failed(), w.failed() > 0 ? "failed alert" : "failed"))
                    .append("<td class=\"started\">").append(esc(Html.time(w.started()))).append("</td>")
                    .append("<td class=\"last-seen\" title=\"").append(esc(Html.time(r.lastSeen()))).append("\">")
                    .append(esc(Html.ago(r.lastSeen(), now))).append("</td></tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    private static String num(long value, String cssClass) {
        return "<td class=\"num " + esc(cssClass) + "\">" + value + "</td>";
    }

    /** A pipeline's page; {@code paged}'s list starts after the job with id {@code after}, the others at the top. */
    String pipeline(String name, JobState paged, long after) {
        PipelineStats s = ops.pipeline(name);
        StringBuilder html = new StringBuilder();
        html.append("<table id=\"pipeline-counts\"><thead><tr><th>ready</th><th>delayed</th><th>reserved</th>"
                + "<th>buried</th></tr></thead><tbody><tr>")
                .append(num(s.ready(), "ready")).append(num(s.delayed(), "delayed"))
                .append(num(s.reserved(), "reserved")).append(num(s.buried(), "buried"))
                .append("</tr></tbody></table>");
        PipelineLimits limits = ops.limits(s.pipeline());
        if (limits != null) {
            html.append("<p id=\"pipeline-limits\">").append(esc(describe(limits))).append("</p>");
        }
        String api = "/api/pipelines/" + s.pipeline();
        html.append(controls(s.pipeline(), api));
        html.append("<form class=\"inline\" data-url=\"").append(esc(api + "/kick")).append("\">")
                .append("<label>Kick up to <input type=\"number\" name=\"max\" min=\"1\" value=\"10\"></label> ")
                .append("<button type=\"submit\">Kick</button> <span class=\"muted\">buried jobs first, else"
                        + " delayed ones</span></form>");
        if (!ops.canPeek()) {
            html.append("<p class=\"notice\">This backend cannot read jobs without reserving them: counts only.</p>");
            return html.toString();
        }
        if (ops.canList()) {
            return html.append(lists(s, paged, after)).toString();
        }
        html.append("<p class=\"notice\">Each state shows its <strong>next job</strong> (what a peek returns): this"
                + " backend cannot list every job of a state.</p>");
        for (JobState state : List.of(JobState.BURIED, JobState.READY, JobState.DELAYED)) {
            String id = state.name().toLowerCase();
            html.append("<section class=\"state\" id=\"").append(id).append("\"><h2>")
                    .append(esc(id)).append(" <span class=\"count\">").append(s.count(state)).append("</span></h2>");
            Optional<Job> next = ops.next(s.pipeline(), state);
            if (next.isEmpty()) {
                html.append("<p class=\"muted empty\">No ").append(id).append(" job.</p>");
            } else {
                html.append(job(next.get()));
                if (s.count(state) > 1) {
                    html.append("<p class=\"muted\">and ").append(s.count(state) - 1).append(" more, not shown</p>");
                }
            }
            html.append("</section>");
        }
        html.append("<section class=\"state\" id=\"reserved\"><h2>reserved <span class=\"count\">")
                .append(s.reserved()).append("</span></h2><p class=\"muted\">Held by workers; not readable here.</p>"
                        + "</section>");
        return html.toString();
    }

    /** "Limits: at most 3 running, 20 started per second", or that there are none. */
    static String describe(PipelineLimits limits) {
        if (limits.isNone()) {
            return "No limits: any number of its jobs may run and start per second.";
        }
        List<String> parts = new ArrayList<>();
        if (limits.maxRunning() > 0) {
            parts.add("at most " + limits.maxRunning() + " running");
        }
        if (limits.maxStartedPerSecond() > 0) {
            parts.add((parts.isEmpty() ? "at most " : "") + limits.maxStartedPerSecond() + " started per second");
        }
        return "Limits: " + String.join(", ", parts) + " (across every worker).";
    }

    /** Whether the pipeline is paused, with the button that changes it, where the backend can pause. */
    private String controls(String pipeline, String api) {
        if (!ops.canPause()) {
            return "<p id=\"pipeline-state\" class=\"muted\">This backend cannot pause a pipeline.</p>";
        }
        if (ops.paused(pipeline)) {
            return "<p id=\"pipeline-state\" data-paused=\"true\">" + PAUSED_BADGE + " Workers take none of its"
                    + " jobs; producers can still add them. " + Html.action("Resume", "POST", api + "/resume", null,
                    "resume") + "</p>";
        }
        return "<p id=\"pipeline-state\" data-paused=\"false\"><span class=\"badge running\">running</span> "
                + Html.action("Pause", "POST", api + "/pause", null, "pause")
                + " <span class=\"muted\">stops every worker taking its jobs until it is resumed</span></p>";
    }

    /** Every job of each state, a page at a time in id order, with a link to the next page. */
    private String lists(PipelineStats s, JobState paged, long after) {
        StringBuilder html = new StringBuilder("<p class=\"notice\">Every job of each state, in the order they were"
                + " added, " + PAGE + " a page.</p>");
        for (JobState state : List.of(JobState.BURIED, JobState.READY, JobState.DELAYED, JobState.RESERVED)) {
            String id = state.name().toLowerCase();
            long from = state == paged ? after : 0;
            Operations.JobsPage page = ops.list(s.pipeline(), state, from, PAGE);
            html.append("<section class=\"state\" id=\"").append(id).append("\"><h2>")
                    .append(esc(id)).append(" <span class=\"count\">").append(s.count(state)).append("</span></h2>");
            if (page.jobs().isEmpty()) {
                html.append("<p class=\"muted empty\">No ").append(from > 0 ? "more " : "").append(id)
                        .append(" job.</p>");
            }
            for (Job job : page.jobs()) {
                html.append(job(job));
            }
            html.append("<nav class=\"paging\">");
            if (from > 0) {
                html.append("<a class=\"first-page\" href=\"").append(esc(pageUrl(s.pipeline(), null, 0) + "#" + id))
                        .append("\">first page</a> ");
            }
            if (page.nextAfter() != null) {
                html.append("<a class=\"next-page\" href=\"")
                        .append(esc(pageUrl(s.pipeline(), state, page.nextAfter()) + "#" + id))
                        .append("\">next page</a>");
            }
            html.append("</nav></section>");
        }
        return html.toString();
    }

    private static String job(Job job) {
        PayloadView payload = PayloadView.of(job.payload());
        StringBuilder html = new StringBuilder();
        html.append("<article class=\"job\" id=\"job-").append(job.id()).append("\" data-job-id=\"").append(job.id())
                .append("\"><h3>job ").append(job.id()).append("</h3><dl>")
                .append("<dt>priority</dt><dd>").append(job.priority()).append("</dd>")
                .append("<dt>reserves</dt><dd>").append(job.reserves()).append("</dd>")
                .append("<dt>TTR</dt><dd>").append(job.ttr().toSeconds()).append(" s</dd>")
                .append("<dt>added</dt><dd>").append(esc(Html.time(job.createdAt()))).append("</dd></dl>");
        if (job.lastError() != null) {
            html.append("<h4>recorded error</h4><pre class=\"error job-error\">").append(esc(job.lastError()))
                    .append("</pre>");
        }
        html.append("<h4>payload <span class=\"muted\">").append(esc(payload.format())).append(", ")
                .append(payload.bytes()).append(" bytes").append(payload.truncated() ? ", cut" : "")
                .append("</span></h4><pre class=\"payload ").append(esc(payload.format())).append("\">")
                .append(esc(payload.text())).append("</pre><div class=\"actions\">");
        if (job.state() == JobState.BURIED || job.state() == JobState.DELAYED) {
            html.append(Html.action("Kick", "POST", "/api/jobs/" + job.id() + "/kick", null, "kick"));
        }
        if (job.state() != JobState.RESERVED) {
            html.append(Html.action("Delete", "DELETE", "/api/jobs/" + job.id(), "Delete job " + job.id() + "?",
                    "delete danger"));
        }
        return html.append("</div></article>").toString();
    }
}
