package io.jobqueue.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * On the loopback interface: {@code GET /health}, 200 with status {@code ok} while the worker is healthy, 503
 * otherwise, and the worker's counts as a small JSON body, for an HTTP probe or a supervisor's check; and
 * {@code GET /stats}, the worker's counts with its pipelines' jobs per state (the last sample, never a query per
 * request) and its jobs per second over the last minute.
 */
final class HealthServer {
    static final String PATH = "/health";
    static final String STATS_PATH = "/stats";

    private final HttpServer server;
    /** Why the worker is unhealthy, or null when it is healthy: the runtime's own words, no quotes in them. */
    private final Supplier<String> problem;
    private final Supplier<WorkerStats> stats;
    /** The body of {@code /stats}, a JSON object. */
    private final Supplier<String> details;

    HealthServer(int port, Supplier<String> problem, Supplier<WorkerStats> stats, Supplier<String> details) {
        this.problem = problem;
        this.stats = stats;
        this.details = details;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("healthPort: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        server.createContext("/", this::answer);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals(PATH) && !path.equals(STATS_PATH)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String why = problem.get();
            boolean ok = why == null;
            String counts = path.equals(PATH) ? stats.get().toJson() : details.get();
            String body = "{\"status\":\"" + (ok ? "ok" : "unavailable") + "\","
                    + (ok ? "" : "\"reason\":\"" + why + "\",") + counts.substring(1) + "\n";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            // /stats answers 200 whatever the health: it describes, /health judges.
            int status = ok || path.equals(STATS_PATH) ? 200 : 503;
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
