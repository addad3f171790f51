package io.jobqueue.dashboard;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.jobqueue.InvalidInputException;
import io.jobqueue.NoSuchJobException;
import io.jobqueue.tasks.NoSuchTaskException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every route, the checks before each request, and the mapping of failures to statuses. */
final class Routes {
    private static final Logger log = LoggerFactory.getLogger(Routes.class);

    /** Scripts and styles from this jar only; nothing inline, so markup in a payload can never run. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final Map<String, String> ASSETS = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");

    private Routes() {}

    static void register(RoutesConfig routes, Access access, Operations ops, long maxUploadBytes) {
        routes.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Referrer-Policy", "same-origin");
            ctx.header("Content-Security-Policy", CSP);
            ctx.header("Cache-Control", "no-store");
            access.check(ctx);
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
        routes.exception(Exception.class, Routes::failure);

        new QueueApi(ops).register(routes);
        new TaskApi(ops, maxUploadBytes).register(routes);
        new QueuePages(ops).register(routes);
        new TaskPages(ops).register(routes);
        routes.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(resource("openapi.json")));
        routes.get("/assets/{file}", ctx -> {
            String type = ASSETS.get(ctx.pathParam("file"));
            if (type == null) {
                throw ApiError.notFound("no asset " + ctx.pathParam("file"));
            }
            ctx.header("Cache-Control", "max-age=300").contentType(type).result(resource("assets/" + ctx.pathParam("file")));
        });
    }

    private static void failure(Exception e, Context ctx) {
        if (e instanceof ApiError a) {
            error(ctx, a.status(), a.getMessage());
        } else if (e instanceof InvalidInputException) {
            error(ctx, 400, e.getMessage());
        } else if (e instanceof NoSuchTaskException || e instanceof NoSuchJobException) {
            error(ctx, 404, e.getMessage());
        } else {
            // The message of an unexpected failure may say more than a caller should read: log it, say little.
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error (" + e.getClass().getSimpleName() + "); the server's log has the details");
        }
    }

    /** JSON for the API and for clients that ask for it; a page for a browser. Never a stack trace. */
    static void error(Context ctx, int status, String message) {
        String accept = ctx.header("Accept");
        boolean api = ctx.path().startsWith("/api/") || ctx.path().equals("/health")
                || accept == null || !accept.contains("text/html");
        if (api) {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("status", status);
            body.put("error", message == null ? "" : message);
            Json.send(ctx, status, body);
        } else {
            ctx.status(status).html(Html.page("Error " + status, "<h1>Error " + status + "</h1><p class=\"error\">"
                    + Html.esc(message) + "</p><p><a href=\"/\">Overview</a></p>"));
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = Routes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
