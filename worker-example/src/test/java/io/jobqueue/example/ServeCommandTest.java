package io.jobqueue.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobqueue.tck.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code serve} in a JVM of its own, as a person runs it: the dashboard and the task workers on a fresh SQLite
 * file, a domain list uploaded through the REST API and worked to its report, then SIGTERM.
 */
class ServeCommandTest {
    private static final String SECRET = "s3rv3-Pw";
    private static final Pattern LISTENING = Pattern.compile("^dashboard: (http://127\\.0\\.0\\.1:\\d+)/");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void serves_the_dashboard_works_an_uploaded_domain_check_and_stops_gracefully_on_sigterm() throws Exception {
        Path dir = TestFiles.freshDir("serve");
        Path credentials = Files.writeString(dir.resolve("dashboard-credentials"), "admin:" + SECRET + "\n");
        List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--url", TestFiles.sqliteUrl(dir),
                "--credentials-file", credentials.toString(), "--concurrency", "2..4"));
        args.addAll(TaskCommandTest.FAST_RESOLVER);
        Child child = Child.start(args, Map.of());
        try {
            Await.until("serve prints the URL it listens on", Duration.ofSeconds(60), () -> child.url() != null);
            String base = child.url();
            String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + SECRET)
                    .getBytes(StandardCharsets.UTF_8));

            assertEquals(401, send(HttpRequest.newBuilder(URI.create(base + "/api/tasks/1"))).statusCode(),
                    "credentials are required");
            HttpResponse<String> created = send(upload(base, "domain-check",
                    "a.example\nb.example\nnot_a..name\nA.example\nc.example\n").header("Authorization", auth));
            assertEquals(201, created.statusCode(), created.body());
            long id = JSON.readTree(created.body()).get("id").asLong();

            Await.until("task " + id + " completes", Duration.ofSeconds(60), () -> "COMPLETED".equals(
                    task(base, id, auth).get("status").asText()));
            JsonNode report = task(base, id, auth).get("result");
            assertEquals(5, report.get("entries").asInt(), report.toString());
            assertEquals(3, report.get("distinct").asInt(), report.toString());
            assertEquals(1, report.get("duplicates").asInt(), report.toString());
            assertEquals(3, report.get("counts").get("unavailable").asInt(), report.toString());
            assertEquals(1, report.get("counts").get("invalid").asInt(), report.toString());
            assertEquals(0, report.get("counts").get("failed").asInt(), report.toString());
            assertEquals("a.example", report.get("unavailable").get(0).get("domain").asText(), report.toString());
            assertTrue(report.get("file").isNull(), report.toString());

            // SIGTERM through the handle: Process.destroy() would also close the output the test still reads.
            assertTrue(child.process.toHandle().destroy());
            assertTrue(child.process.waitFor(90, TimeUnit.SECONDS), "serve stops after SIGTERM:\n" + child.output());
            assertEquals(143, child.process.exitValue(), child.output()); // 128 + SIGTERM, after the hooks ran
            child.awaitEnd();
            String output = child.output();
            assertTrue(output.contains("task workers stopped"), output);
            assertTrue(output.contains("dashboard on " + base + " stopped"), output);
            assertFalse(output.contains(SECRET), "the password reached the output:\n" + output);
        } finally {
            child.process.destroyForcibly();
        }
    }

    @Test
    void listening_beyond_loopback_without_credentials_is_refused_before_anything_is_opened() throws Exception {
        Path dir = TestFiles.freshDir("serve-refused");
        Child child = Child.start(List.of("serve", "--host", "0.0.0.0", "--port", "0", "--url",
                TestFiles.sqliteUrl(dir)), Map.of(DashboardCredentials.ENV, ""));
        assertTrue(child.process.waitFor(60, TimeUnit.SECONDS));
        child.awaitEnd();
        String output = child.output();
        assertEquals(2, child.process.exitValue(), output);
        assertTrue(output.contains("error: serve: --host 0.0.0.0 listens beyond loopback, and then the dashboard"
                + " needs credentials"), output);
        assertTrue(output.contains("--credentials-file FILE") && output.contains("$JOBQUEUE_DASHBOARD_CREDENTIALS"),
                output);
        assertFalse(Files.exists(dir.resolve("jobs.db")), "nothing is created");
    }

    @Test
    void credentials_come_from_the_file_else_the_environment_and_a_malformed_one_is_refused_without_its_text()
            throws Exception {
        Path dir = TestFiles.freshDir("serve-credentials");
        Path good = Files.writeString(dir.resolve("good"), "\n  ops:pass:word  \n");
        Args fromFile = Args.parse("serve", List.of("--credentials-file", good.toString()), ServeCommand.OPTIONS);
        assertEquals(new DashboardCredentials("ops", "pass:word"),
                DashboardCredentials.read(fromFile, Map.of(DashboardCredentials.ENV, "env:other")).orElseThrow());
        Args none = Args.parse("serve", List.of(), ServeCommand.OPTIONS);
        assertEquals(new DashboardCredentials("env", "other"),
                DashboardCredentials.read(none, Map.of(DashboardCredentials.ENV, "env:other")).orElseThrow());
        assertTrue(DashboardCredentials.read(none, Map.of()).isEmpty());
        assertFalse(new DashboardCredentials("ops", "hidden").toString().contains("hidden"));

        Path bad = Files.writeString(dir.resolve("bad"), "no-colon-Secret\n");
        MainRun run = MainRun.of("serve", "--credentials-file", bad.toString(), "--url", TestFiles.sqliteUrl(dir));
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("must be user:password"), run.err());
        assertFalse(run.err().contains("no-colon-Secret"), run.err());
        MainRun missing = MainRun.of("serve", "--credentials-file", dir.resolve("missing").toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("cannot read"), missing.err());
        MainRun onCommandLine = MainRun.of("serve", "--password", "x");
        assertEquals(2, onCommandLine.code());
        assertTrue(onCommandLine.err().contains("unknown option --password"), onCommandLine.err());
    }

    @Test
    void a_store_url_naming_another_sqlite_file_is_refused() throws Exception {
        Path dir = TestFiles.freshDir("serve-store");
        List<String> args = new ArrayList<>(List.of("serve", "--url", TestFiles.sqliteUrl(dir), "--store-url",
                "jdbc:sqlite:" + dir.resolve("tasks.db")));
        args.addAll(TaskCommandTest.FAST_RESOLVER);
        MainRun run = MainRun.of(args.toArray(String[]::new));
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("the store must be the queue's database"), run.err());
    }

    @Test
    void help_lists_serve() {
        MainRun help = MainRun.of("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("  serve [--port 8080] [--host 127.0.0.1] [--concurrency N|MIN..MAX]"),
                help.out());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode task(String base, long id, String auth) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/tasks/" + id))
                .header("Authorization", auth));
        assertEquals(200, r.statusCode(), r.body());
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code POST /api/tasks/upload}: a multipart form with the definition's name and the file. */
    private static HttpRequest.Builder upload(String base, String name, String file) {
        String boundary = "----serve-test-boundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + name + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"domains.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + file + "\r\n--" + boundary + "--\r\n";
        return HttpRequest.newBuilder(URI.create(base + "/api/tasks/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }


    /** The jar's main in a JVM of its own, its output (standard output and error together) read as it comes. */
    private static final class Child {
        final Process process;
        private final StringBuffer output = new StringBuffer();
        private final Thread reader;
        private volatile String url;

        private Child(Process process) {
            this.process = process;
            this.reader = new Thread(this::read, "serve-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(List<String> args, Map<String, String> env) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            return new Child(builder.start());
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url = m.group(1);
                    }
                }
            } catch (IOException e) {
                output.append("(reading the output failed: ").append(e).append(")\n");
            }
        }

        String url() {
            if (!process.isAlive() && url == null) {
                throw new AssertionError("serve ended with " + process.exitValue() + ":\n" + output);
            }
            return url;
        }

        /** Waits until everything the process wrote has been read. */
        void awaitEnd() throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }

        String output() {
            return output.toString();
        }
    }
}
