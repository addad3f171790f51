package io.jobqueue.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.jobqueue.tasks.Task;
import io.jobqueue.tasks.TaskDefinition;
import io.jobqueue.tasks.TaskQuery;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tasks part of the REST API. */
final class TaskApi {
    /** The largest page of tasks one request lists. */
    static final int MAX_PAGE = 1_000;
    /** Room for the form's other fields and part headers beside the file. */
    static final long FORM_OVERHEAD = 64 * 1024;

    private final Operations ops;
    private final long maxUploadBytes;

    TaskApi(Operations ops, long maxUploadBytes) {
        this.ops = ops;
        this.maxUploadBytes = maxUploadBytes;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/definitions", ctx -> Json.send(ctx, 200, Map.of("definitions", ops.definitions())));
        routes.get("/api/tasks", this::list);
        routes.post("/api/tasks", this::create);
        routes.post("/api/tasks/upload", this::upload);
        routes.get("/api/tasks/{id}", ctx -> {
            long id = Params.id(ctx);
            Json.send(ctx, 200, Views.task(ops.task(id), ops.tasks().stages(id)));
        });
        routes.post("/api/tasks/{id}/cancel", ctx -> Json.send(ctx, 200, Views.task(ops.cancel(Params.id(ctx)))));
        routes.post("/api/tasks/{id}/retry", ctx -> Json.send(ctx, 200, Views.task(ops.retry(Params.id(ctx)))));
    }

    /** Filters: name, status, parent; paging: offset, limit. */
    static TaskQuery query(Context ctx) {
        TaskQuery query = TaskQuery.all();
        String name = Params.text(ctx, "name");
        if (name != null) {
            query = query.withName(TaskDefinition.checkName(name));
        }
        query = query.withStatus(Params.status(ctx.queryParam("status")));
        long parent = Params.longQuery(ctx, "parent", 0, 0, Long.MAX_VALUE);
        if (parent > 0) {
            query = query.childrenOf(parent);
        }
        return query.page(Params.longQuery(ctx, "offset", 0, 0, Long.MAX_VALUE),
                Params.intQuery(ctx, "limit", TaskQuery.DEFAULT_LIMIT, 1, MAX_PAGE));
    }

    private void list(Context ctx) {
        TaskQuery query = query(ctx);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("total", ops.count(query));
        page.put("offset", query.offset());
        page.put("limit", query.limit());
        page.put("tasks", ops.list(query).stream().map(Views::task).toList());
        Json.send(ctx, 200, page);
    }

    /** {@code {"name": "...", "params": any JSON}} → 201 with the task and its Location. */
    private void create(Context ctx) {
        JsonNode body = Json.body(ctx);
        if (!body.isObject()) {
            throw ApiError.badRequest("the request body must be a JSON object: {\"name\": ..., \"params\": ...}");
        }
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual()) {
            throw ApiError.badRequest("name is required (a string): one of " + ops.definitions());
        }
        JsonNode params = body.get("params");
        created(ctx, ops.create(name.asText(), params == null || params.isNull() ? null : params));
    }

    /**
     * A multipart form with {@code name} (the definition) and {@code file}: one item a line, duplicates removed;
     * the task's params are the list of items.
     */
    private void upload(Context ctx) throws IOException {
        if (ctx.contentType() == null || !ctx.contentType().toLowerCase().startsWith("multipart/form-data")) {
            throw ApiError.badRequest("send a multipart/form-data form with the fields name and file");
        }
        if (ctx.contentLength() > maxUploadBytes + FORM_OVERHEAD) {
            throw tooLarge();
        }
        String name;
        UploadedFile file;
        try {
            name = ctx.formParam("name");
            file = ctx.uploadedFile("file");
        } catch (Exception e) { // Jetty's ServletException arrives unchecked through Kotlin
            throw exceedsLimit(e) ? tooLarge() : ApiError.badRequest("the multipart form cannot be read");
        }
        if (file == null) {
            throw ApiError.badRequest("the form has no file field named 'file'");
        }
        List<String> items;
        try (InputStream in = file.content()) {
            items = ItemsFile.read(in);
        }
        created(ctx, ops.create(name, items));
    }

    private ApiError tooLarge() {
        return new ApiError(413, "the upload is larger than " + maxUploadBytes + " bytes");
    }

    /** Jetty says a part went over its limit only in an IllegalStateException, somewhere down the causes. */
    private static boolean exceedsLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalStateException && t.getMessage() != null && t.getMessage().contains("exceeded")) {
                return true;
            }
        }
        return false;
    }

    private static void created(Context ctx, Task task) {
        ctx.header("Location", "/api/tasks/" + task.id());
        Json.send(ctx, 201, Views.task(task));
    }
}
