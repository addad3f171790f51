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
 * {@code GET /health} on the loopback interface: 200 with status {@code ok} while the worker is healthy, 503
 * otherwise, and the worker's counts as a small JSON body, for an HTTP probe or a supervisor's check.
 */
final class HealthServer {
    static final String PATH = "/health";

    private final HttpServer server;
    /** Why the worker is unhealthy, or null when it is healthy: the runtime's own words, no quotes in them. */
    private final Supplier<String> problem;
    private final Supplier<WorkerStats> stats;

    HealthServer(int port, Supplier<String> problem, Supplier<WorkerStats> stats) {
        this.problem = problem;
        this.stats = stats;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("healthPort: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        server.createContext(PATH, this::answer);
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
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
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
            String counts = stats.get().toJson();
            String body = "{\"status\":\"" + (ok ? "ok" : "unavailable") + "\","
                    + (ok ? "" : "\"reason\":\"" + why + "\",") + counts.substring(1) + "\n";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(ok ? 200 : 503, -1);
                return;
            }
            exchange.sendResponseHeaders(ok ? 200 : 503, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
