package io.jobqueue.dashboard;

import static io.jobqueue.dashboard.Html.esc;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.jobqueue.tasks.StageState;
import io.jobqueue.tasks.Task;
import io.jobqueue.tasks.TaskQuery;
import io.jobqueue.tasks.TaskStatus;
import java.util.List;

/** The tasks list, a task's page and the New task page. */
final class TaskPages {
    private final Operations ops;

    TaskPages(Operations ops) {
        this.ops = ops;
    }

    void register(RoutesConfig routes) {
        routes.get("/tasks", this::listPage);
        routes.get("/ui/tasks", ctx -> ctx.html(list(ctx)));
        routes.get("/tasks/new", ctx -> ctx.html(Html.page("New task", newTask())));
        routes.get("/tasks/{id}", ctx -> {
            Task task = ops.task(Params.id(ctx));
            ctx.html(Html.page("Task " + task.id(), QueuePages.poll("/ui/tasks/" + task.id(), task(task))));
        });
        routes.get("/ui/tasks/{id}", ctx -> ctx.html(task(ops.task(Params.id(ctx)))));
    }

    // ---- list --------------------------------------------------------------------------------------------

    private void listPage(Context ctx) {
        String id = Params.text(ctx, "id");
        if (id != null) {
            ctx.redirect("/tasks/" + Params.longQuery(ctx, "id", 0, 1, Long.MAX_VALUE));
            return;
        }
        String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
        ctx.html(Html.page("Tasks", "<h1>Tasks</h1>" + filters(ctx) + QueuePages.poll("/ui/tasks" + query, list(ctx))));
    }

    private String filters(Context ctx) {
        String name = Params.text(ctx, "name");
        TaskStatus status = Params.status(ctx.queryParam("status"));
        StringBuilder html = new StringBuilder("<form class=\"filters\" method=\"get\" action=\"/tasks\">");
        html.append("<label>name <select name=\"name\"><option value=\"\">any</option>");
        for (String definition : ops.definitions()) {
            html.append("<option").append(definition.equals(name) ? " selected" : "").append(">")
                    .append(esc(definition)).append("</option>");
        }
        html.append("</select></label> <label>status <select name=\"status\"><option value=\"\">any</option>");
        for (TaskStatus s : TaskStatus.values()) {
            html.append("<option").append(s == status ? " selected" : "").append(">").append(s.name())
                    .append("</option>");
        }
        String parent = Params.text(ctx, "parent");
        if (parent != null) {
            html.append("</select></label><input type=\"hidden\" name=\"parent\" value=\"").append(esc(parent))
                    .append("\"> <button type=\"submit\">Filter</button>");
        } else {
            html.append("</select></label> <button type=\"submit\">Filter</button>");
        }
        return html.append("</form><form class=\"filters\" method=\"get\" action=\"/tasks\"><label>task id"
                + " <input type=\"number\" name=\"id\" min=\"1\"></label> <button type=\"submit\">Open</button></form>")
                .toString();
    }

    private String list(Context ctx) {
        TaskQuery query = TaskApi.query(ctx);
        long total = ops.count(query);
        List<Task> tasks = ops.list(query);
        StringBuilder html = new StringBuilder();
        if (query.parentId() != null) {
            html.append("<p>Children of <a href=\"/tasks/").append(query.parentId()).append("\">task ")
                    .append(query.parentId()).append("</a></p>");
        }
        if (tasks.isEmpty()) {
            return html.append("<p class=\"muted\">No task matches.</p>").toString();
        }
        html.append("<table id=\"tasks\"><thead><tr><th>id</th><th>name</th><th>status</th><th>progress</th>"
                + "<th>created</th><th>finished</th></tr></thead><tbody>");
        for (Task t : tasks) {
            html.append("<tr data-task-id=\"").append(t.id()).append("\"><td><a href=\"/tasks/").append(t.id())
                    .append("\">").append(t.id()).append("</a></td><td>").append(esc(t.name())).append("</td><td>")
                    .append(status(t.status())).append("</td><td>")
                    .append(Html.progress("task-progress", t.progress().finished(), t.progress().failed(),
                            t.progress().total(), Views.percent(t.progress())))
                    .append("</td><td>").append(esc(Html.time(t.createdAt()))).append("</td><td>")
                    .append(esc(Html.time(t.finishedAt()))).append("</td></tr>");
        }
        html.append("</tbody></table><p class=\"paging\">").append(query.offset() + 1).append("–")
                .append(query.offset() + tasks.size()).append(" of ").append(total);
        String base = "/tasks?" + (query.name() == null ? "" : "name=" + Html.url(query.name()) + "&")
                + (query.status() == null ? "" : "status=" + query.status() + "&")
                + (query.parentId() == null ? "" : "parent=" + query.parentId() + "&") + "limit=" + query.limit();
        if (query.offset() > 0) {
            html.append(" <a href=\"").append(esc(base + "&offset=" + Math.max(0, query.offset() - query.limit())))
                    .append("\">newer</a>");
        }
        if (query.offset() + tasks.size() < total) {
            html.append(" <a href=\"").append(esc(base + "&offset=" + (query.offset() + query.limit())))
                    .append("\">older</a>");
        }
        return html.append("</p>").toString();
    }

    private static String status(TaskStatus status) {
        return "<span class=\"status " + status.name().toLowerCase() + "\">" + status.name() + "</span>";
    }

    // ---- one task ----------------------------------------------------------------------------------------

    String task(Task t) {
        List<StageState> stages = ops.tasks().stages(t.id());
        StringBuilder html = new StringBuilder();
        html.append("<div class=\"task\" id=\"task\" data-task-id=\"").append(t.id()).append("\" data-status=\"")
                .append(t.status().name()).append("\"").append(t.status().isFinished() ? " data-final=\"true\"" : "")
                .append("><h1>Task ").append(t.id()).append(" <span class=\"name\">").append(esc(t.name()))
                .append("</span> ").append(status(t.status())).append("</h1><div class=\"actions\">");
        if (!t.status().isFinished()) {
            html.append(Html.action("Cancel", "POST", "/api/tasks/" + t.id() + "/cancel", "Cancel task " + t.id() + "?",
                    "cancel danger"));
        }
        if (t.status() == TaskStatus.FAILED) {
            html.append(Html.action("Retry", "POST", "/api/tasks/" + t.id() + "/retry", null, "retry"));
        }
        html.append("</div>");
        if (t.progress().total() > 0) {
            html.append("<p class=\"overall\">").append(Html.progress("task-progress", t.progress().finished(),
                    t.progress().failed(), t.progress().total(), Views.percent(t.progress())))
                    .append(" <a href=\"/tasks?parent=").append(t.id()).append("\">children</a></p>");
        }
        html.append("<dl class=\"timeline\"><dt>created</dt><dd>").append(esc(Html.time(t.createdAt())))
                .append("</dd><dt>started</dt><dd>").append(esc(Html.time(t.startedAt())))
                .append("</dd><dt>updated</dt><dd>").append(esc(Html.time(t.updatedAt())))
                .append("</dd><dt>finished</dt><dd>").append(esc(Html.time(t.finishedAt())))
                .append("</dd><dt>attempts</dt><dd>").append(t.attempts()).append("</dd>");
        if (t.parentId() != null) {
            html.append("<dt>parent</dt><dd><a href=\"/tasks/").append(t.parentId()).append("\">task ")
                    .append(t.parentId()).append("</a></dd>");
        }
        html.append("</dl>");
        if (!stages.isEmpty()) {
            html.append("<h2>Stages</h2><table id=\"stages\"><thead><tr><th>#</th><th>stage</th><th>status</th>"
                    + "<th>children</th><th>started</th><th>finished</th></tr></thead><tbody>");
            for (StageState s : stages) {
                html.append("<tr data-stage=\"").append(s.index()).append("\"><td>").append(s.index())
                        .append("</td><td>").append(esc(s.name())).append("</td><td>").append(status(s.status()))
                        .append("</td><td>").append(Html.progress("stage-progress", s.progress().finished(),
                                s.progress().failed(), s.progress().total(), Views.percent(s.progress())))
                        .append("</td><td>").append(esc(Html.time(s.startedAt()))).append("</td><td>")
                        .append(esc(Html.time(s.finishedAt()))).append("</td></tr>");
            }
            html.append("</tbody></table>");
        }
        if (t.result() != null) {
            html.append("<h2>Result</h2><pre id=\"task-result\" class=\"json\">").append(esc(Json.pretty(t.result())))
                    .append("</pre>");
        }
        if (t.error() != null) {
            html.append("<h2>Error</h2><pre id=\"task-error\" class=\"error\">").append(esc(t.error()))
                    .append("</pre>");
        }
        html.append("<h2>Params</h2><pre id=\"task-params\" class=\"json\">").append(esc(Json.pretty(t.params())))
                .append("</pre>");
        return html.append("</div>").toString();
    }

    // ---- new task ----------------------------------------------------------------------------------------

    private String newTask() {
        List<String> definitions = ops.definitions();
        StringBuilder options = new StringBuilder();
        for (String name : definitions) {
            options.append("<option>").append(esc(name)).append("</option>");
        }
        return """
                <h1>New task</h1>
                <p>Pick a registered task definition, then give its params as JSON, or upload a file of items \
                (one a line; blank lines and duplicates are dropped) that become its params as a JSON list.</p>
                <form id="new-task-json" class="card" data-url="/api/tasks" data-body="json">
                <h2>Params as JSON</h2>
                <label>definition <select name="name" required>%1$s</select></label>
                <label>params <textarea name="params" rows="6" spellcheck="false">{}</textarea></label>
                <button type="submit">Queue task</button>
                </form>
                <form id="new-task-upload" class="card" data-url="/api/tasks/upload" data-body="multipart">
                <h2>Upload a file</h2>
                <label>definition <select name="name" required>%1$s</select></label>
                <label>file <input type="file" name="file" required></label>
                <button type="submit">Upload and queue</button>
                </form>
                """.formatted(options);
    }
}
