package io.jobqueue.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.InvalidInputException;
import io.jobqueue.tasks.TaskQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Where the dashboard listens, who may call it, and which requests it refuses. */
class SecurityTest {
    private static final String TASK = "{\"name\":\"square\",\"params\":2}";

    @Nested
    class Binding {
        @Test
        void listens_on_loopback_by_default() throws Exception {
            try (TestApp app = new TestApp()) {
                assertTrue(app.dashboard.url().startsWith("http://127.0.0.1:"), app.dashboard.url());
            }
        }

        @Test
        void refuses_to_start_beyond_loopback_without_credentials() {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> new TestApp(b -> b.host("0.0.0.0")));
            assertTrue(e.getMessage().contains("beyond loopback: set credentials"), e.getMessage());
        }

        @Test
        void names_each_wrong_setting() {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> new TestApp(b -> b.port(70_000).credentials("admin", null).maxUploadBytes(0)
                            .sampleInterval(java.time.Duration.ofMillis(5))));
            assertTrue(e.getMessage().contains("port must be between 0 and 65535"), e.getMessage());
            assertTrue(e.getMessage().contains("both a user name and a password"), e.getMessage());
            assertTrue(e.getMessage().contains("maxUploadBytes must be positive"), e.getMessage());
            assertTrue(e.getMessage().contains("sampleInterval must be between 100 ms and 1 minute, got PT0.005S"),
                    e.getMessage());
        }
    }

    @Nested
    class Credentials {
        @Test
        void every_request_needs_them_once_they_are_set() throws Exception {
            try (TestApp app = new TestApp(b -> b.credentials("admin", "s3cret"))) {
                Http anonymous = new Http(app.dashboard.url());
                for (String path : new String[] {"/", "/health", "/api/stats", "/api/workers",
                        "/api/throughput", "/api/schedules", "/assets/app.js", "/api/openapi.json"}) {
                    Http.Response r = anonymous.get(path);
                    assertEquals(401, r.status(), path);
                    assertTrue(r.header("WWW-Authenticate").startsWith("Basic realm="), path);
                }
                assertEquals(401, anonymous.withBasic("admin", "wrong").get("/health").status());
                assertEquals(401, anonymous.with("Authorization", "Basic !!notbase64").get("/health").status());
                assertEquals(200, anonymous.withBasic("admin", "s3cret").get("/health").status());
                assertEquals(200, anonymous.withBasic("admin", "s3cret").get("/api/workers").status());
                assertEquals(200, anonymous.withBasic("admin", "s3cret").get("/api/throughput").status());
                assertEquals(200, anonymous.withBasic("admin", "s3cret").get("/api/schedules").status());
            }
        }

        @Test
        void a_mutation_without_them_is_refused_and_changes_nothing() throws Exception {
            try (TestApp app = new TestApp(b -> b.credentials("admin", "s3cret"))) {
                Http.Response r = new Http(app.dashboard.url()).postJson("/api/tasks", TASK);
                assertEquals(401, r.status());
                assertFalse(r.body().contains("s3cret"));
                assertEquals(0, app.tasks.count(TaskQuery.all()));
                Http.Response ok = new Http(app.dashboard.url()).withBasic("admin", "s3cret").postJson("/api/tasks", TASK);
                assertEquals(201, ok.status(), ok.toString());
                app.queue.selectPipeline("guarded").addJob("x");
                for (String action : new String[] {"pause", "resume"}) {
                    Http.Response refused = new Http(app.dashboard.url()).post("/api/pipelines/guarded/" + action);
                    assertEquals(401, refused.status(), action);
                    assertFalse(app.queue.isPaused("guarded"), action + " refused: nothing changed");
                }
                Http admin = new Http(app.dashboard.url()).withBasic("admin", "s3cret");
                assertEquals(200, admin.post("/api/pipelines/guarded/pause").status());
                assertTrue(app.queue.isPaused("guarded"));
                assertEquals(401, new Http(app.dashboard.url()).post("/api/pipelines/guarded/resume").status());
                assertTrue(app.queue.isPaused("guarded"), "a refused resume leaves it paused");
            }
        }
    }

    @Nested
    class CrossSite {
        @Test
        void a_mutation_a_browser_marks_cross_site_is_refused_and_changes_nothing() throws Exception {
            try (TestApp app = new TestApp()) {
                Http http = new Http(app.dashboard.url());
                Http.Response r = http.with("Sec-Fetch-Site", "cross-site").postJson("/api/tasks", TASK);
                RestApiTest.assertError(r, 403, "cross-site request refused");
                RestApiTest.assertError(http.with("Sec-Fetch-Site", "same-site").delete("/api/jobs/1"), 403,
                        "cross-site");
                app.queue.selectPipeline("csrf").addJob("x");
                RestApiTest.assertError(http.with("Sec-Fetch-Site", "cross-site").post("/api/pipelines/csrf/pause"),
                        403, "cross-site request refused");
                RestApiTest.assertError(http.with("Origin", "http://evil.example").post("/api/pipelines/csrf/pause"),
                        403, "Origin does not match Host");
                assertFalse(app.queue.isPaused("csrf"), "a refused pause changes nothing");
                assertEquals(0, app.tasks.count(TaskQuery.all()));
                assertEquals(201, http.with("Sec-Fetch-Site", "same-origin").postJson("/api/tasks", TASK).status());
            }
        }

        @Test
        void a_mutation_from_another_origin_is_refused() throws Exception {
            try (TestApp app = new TestApp()) {
                Http http = new Http(app.dashboard.url());
                RestApiTest.assertError(http.with("Origin", "http://evil.example").postJson("/api/tasks", TASK), 403,
                        "Origin does not match Host");
                RestApiTest.assertError(http.with("Origin", "null").postJson("/api/tasks", TASK), 403, "Origin");
                assertEquals(0, app.tasks.count(TaskQuery.all()));
                String self = app.dashboard.url();
                assertEquals(201, http.with("Origin", self).postJson("/api/tasks", TASK).status());
            }
        }

        @Test
        void a_read_from_another_site_is_answered_but_cannot_be_read_by_its_script() throws Exception {
            // No CORS headers are ever sent, so a browser keeps the answer from the other site's script.
            try (TestApp app = new TestApp()) {
                for (String path : new String[] {"/api/stats", "/api/workers", "/api/throughput", "/api/schedules"}) {
                    Http.Response r = new Http(app.dashboard.url()).with("Sec-Fetch-Site", "cross-site")
                            .with("Origin", "http://evil.example").get(path);
                    assertEquals(200, r.status(), path);
                    assertEquals(null, r.header("Access-Control-Allow-Origin"), path);
                }
            }
        }

        @Test
        void without_credentials_only_loopback_host_names_are_answered_against_dns_rebinding() throws Exception {
            try (TestApp app = new TestApp()) {
                assertTrue(rawGet(app.dashboard.port(), "evil.example").startsWith("HTTP/1.1 403"));
                assertTrue(rawGet(app.dashboard.port(), "localhost:" + app.dashboard.port()).startsWith("HTTP/1.1 200"));
                assertTrue(rawGet(app.dashboard.port(), "127.0.0.1").startsWith("HTTP/1.1 200"));
            }
        }
    }

    /** A GET /health with a Host header the JDK's client would not let a test choose; returns the status line. */
    private static String rawGet(int port, String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }
}
