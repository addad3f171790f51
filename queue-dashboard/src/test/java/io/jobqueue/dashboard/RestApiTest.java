package io.jobqueue.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobqueue.Capability;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.InvalidInputException;
import io.jobqueue.PipelineLimits;
import io.jobqueue.QueueSettings;
import io.jobqueue.Recurrence;
import io.jobqueue.Schedule;
import io.jobqueue.WorkerInfo;
import io.jobqueue.jdbc.JdbcBackend;
import io.jobqueue.tasks.TaskStatus;
import io.jobqueue.tck.Await;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every endpoint of the REST API and every error status, against a dashboard on SQLite with a worker running. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestApiTest {
    TestApp app;
    Http http;

    @BeforeAll
    void start() {
        app = new TestApp();
        app.startWorkers(4);
        http = new Http(app.dashboard.url());
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    long create(String name, String paramsJson) {
        Http.Response r = http.postJson("/api/tasks", "{\"name\":\"" + name + "\",\"params\":" + paramsJson + "}");
        assertEquals(201, r.status(), r.toString());
        return r.json().get("id").asLong();
    }

    JsonNode awaitTask(long id, TaskStatus status) {
        Await.until("task " + id + " is " + status,
                () -> http.get("/api/tasks/" + id).json().get("status").asText().equals(status.name()));
        return http.get("/api/tasks/" + id).json();
    }

    static void assertError(Http.Response r, int status, String fragment) {
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
        JsonNode body = r.json();
        assertEquals(status, body.get("status").asInt());
        assertTrue(body.get("error").asText().contains(fragment), "'" + fragment + "' in " + body);
        assertFalse(r.body().contains("\tat ") || r.body().contains("Exception:"), "no stack trace: " + r.body());
    }

    /** A pipeline of its own with one ready job and one buried job whose reason holds markup. */
    List<Long> pipelineWithBuriedJob(String pipeline) {
        JobQueue q = app.queue.selectPipeline(pipeline);
        // The most urgent priority, so the reserve takes this job ahead of any ready job added before it.
        long buried = q.addJob("{\"to\":\"<script>alert(1)</script>\"}", JobOptions.defaults().withPriority(0));
        Job job = q.watchPipeline(pipeline).getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow();
        assertEquals(buried, job.id());
        q.bury(job, job.priority(), "SMTP said <b>no</b>");
        long ready = q.addJob("plain text");
        return List.of(buried, ready);
    }

    @Nested
    class CreateTask {
        @Test
        void returns_201_with_the_id_and_its_location_then_the_task_runs() {
            Http.Response r = http.postJson("/api/tasks", "{\"name\":\"square\",\"params\":7}");
            assertEquals(201, r.status(), r.toString());
            long id = r.json().get("id").asLong();
            assertEquals("/api/tasks/" + id, r.header("Location"));
            assertEquals("square", r.json().get("name").asText());
            JsonNode done = awaitTask(id, TaskStatus.COMPLETED);
            assertEquals(49, done.get("result").asInt());
            assertEquals(7, done.get("params").asInt());
        }

        @Test
        void refuses_a_body_that_is_not_json_with_400() {
            assertError(http.postJson("/api/tasks", "{not json"), 400, "not valid JSON");
            assertError(http.postJson("/api/tasks", ""), 400, "must be JSON");
            assertError(http.postJson("/api/tasks", "[1,2]"), 400, "JSON object");
        }

        @Test
        void refuses_a_missing_or_unregistered_name_with_400() {
            assertError(http.postJson("/api/tasks", "{\"params\":1}"), 400, "name is required");
            assertError(http.postJson("/api/tasks", "{\"name\":\"nope\"}"), 400, "no task definition named 'nope'");
            assertError(http.postJson("/api/tasks", "{\"name\":\"bad name!\"}"), 400, "no task definition");
        }

        @Test
        void lists_the_registered_definitions() {
            JsonNode definitions = http.get("/api/definitions").json().get("definitions");
            List<String> names = new ArrayList<>();
            definitions.forEach(n -> names.add(n.asText()));
            assertEquals(List.of("explode", "fanout", "item", "slow", "square"), names);
        }
    }

    @Nested
    class Upload {
        @Test
        void creates_a_task_from_a_file_one_item_a_line_without_duplicates_or_blank_lines() {
            Http.Response r = http.upload("/api/tasks/upload", "fanout",
                    "a.example\r\n\nb.example\n  a.example  \nc.example\n\nb.example\n");
            assertEquals(201, r.status(), r.toString());
            JsonNode params = r.json().get("params");
            assertEquals("[\"a.example\",\"b.example\",\"c.example\"]", params.toString());
            JsonNode done = awaitTask(r.json().get("id").asLong(), TaskStatus.COMPLETED);
            assertEquals(3, done.get("progress").get("completed").asInt());
            assertEquals(100, done.get("progress").get("percent").asInt());
            assertEquals(3, done.get("result").get("total").asInt());
            assertEquals(2, done.get("stages").size());
        }

        @Test
        void refuses_a_file_over_the_upload_limit_with_413() {
            try (TestApp small = new TestApp(b -> b.maxUploadBytes(1024))) {
                Http.Response r = new Http(small.dashboard.url()).upload("/api/tasks/upload", "fanout",
                        "x.example\n".repeat(500));
                assertEquals(413, r.status(), r.toString());
                assertFalse(r.body().contains("\tat "), r.body());
                assertEquals(0, small.tasks.count(io.jobqueue.tasks.TaskQuery.all()));
            }
        }

        @Test
        void refuses_a_form_without_a_file_an_empty_file_or_an_unknown_definition_with_400() {
            assertError(http.upload("/api/tasks/upload", "fanout", null), 400, "no file field");
            assertError(http.upload("/api/tasks/upload", "fanout", "\n \n"), 400, "holds no items");
            assertError(http.upload("/api/tasks/upload", "nope", "a\n"), 400, "no task definition named 'nope'");
            assertError(http.upload("/api/tasks/upload", null, "a\n"), 400, "name is required");
            assertError(http.postJson("/api/tasks/upload", "{}"), 400, "multipart/form-data");
        }
    }

    @Nested
    class ReadAndList {
        @Test
        void reads_a_task_with_its_stages_and_refuses_unknown_or_malformed_ids() {
            long id = create("square", "3");
            JsonNode task = http.get("/api/tasks/" + id).json();
            assertEquals(id, task.get("id").asLong());
            assertTrue(task.has("stages"));
            assertError(http.get("/api/tasks/987654321"), 404, "no task 987654321");
            assertError(http.get("/api/tasks/abc"), 400, "id must be a positive whole number");
            assertError(http.get("/api/tasks/0"), 400, "id must be a positive whole number");
        }

        @Test
        void lists_with_name_and_status_filters_and_paging() {
            for (int i = 0; i < 3; i++) {
                awaitTask(create("square", String.valueOf(i)), TaskStatus.COMPLETED);
            }
            JsonNode page = http.get("/api/tasks?name=square&status=completed&limit=2").json();
            assertTrue(page.get("total").asLong() >= 3, page.toString());
            assertEquals(2, page.get("tasks").size());
            assertEquals(2, page.get("limit").asInt());
            page.get("tasks").forEach(t -> {
                assertEquals("square", t.get("name").asText());
                assertEquals("COMPLETED", t.get("status").asText());
            });
            JsonNode next = http.get("/api/tasks?name=square&status=COMPLETED&limit=2&offset=2").json();
            assertEquals(2, next.get("offset").asInt());
            assertFalse(next.get("tasks").isEmpty());
            assertTrue(page.get("tasks").get(0).get("id").asLong() > next.get("tasks").get(0).get("id").asLong(),
                    "newest first");
        }

        @Test
        void lists_the_children_of_a_task() {
            long id = create("fanout", "[\"x\",\"y\"]");
            awaitTask(id, TaskStatus.COMPLETED);
            JsonNode children = http.get("/api/tasks?parent=" + id).json();
            assertEquals(2, children.get("total").asInt());
            assertEquals("item", children.get("tasks").get(0).get("name").asText());
        }

        @Test
        void refuses_bad_filters_with_400() {
            assertError(http.get("/api/tasks?status=bogus"), 400, "status must be one of");
            assertError(http.get("/api/tasks?limit=0"), 400, "limit must be");
            assertError(http.get("/api/tasks?limit=1001"), 400, "limit must be");
            assertError(http.get("/api/tasks?offset=-1"), 400, "offset must be");
            assertError(http.get("/api/tasks?name=no%20spaces"), 400, "task name");
        }
    }

    @Nested
    class CancelAndRetry {
        @Test
        void cancels_a_running_task_then_refuses_a_second_cancel_with_409() {
            long id = create("slow", "null");
            awaitTask(id, TaskStatus.STARTED);
            Http.Response r = http.post("/api/tasks/" + id + "/cancel");
            assertEquals(200, r.status(), r.toString());
            assertEquals("CANCELLED", r.json().get("status").asText());
            assertError(http.post("/api/tasks/" + id + "/cancel"), 409, "only a task that has not finished");
            assertError(http.post("/api/tasks/987654321/cancel"), 404, "no task");
        }

        @Test
        void retries_a_failed_task_and_refuses_to_retry_one_that_has_not_failed_with_409() {
            long failed = create("explode", "null");
            JsonNode task = awaitTask(failed, TaskStatus.FAILED);
            assertTrue(task.get("error").asText().contains("boom"), task.toString());
            Http.Response r = http.post("/api/tasks/" + failed + "/retry");
            assertEquals(200, r.status(), r.toString());
            // Queued again; explode fails at once, so a worker may have run it again before the answer was read.
            assertTrue(!r.json().get("status").asText().equals("FAILED") || r.json().get("attempts").asInt() >= 2,
                    r.toString());
            awaitTask(failed, TaskStatus.FAILED);
            assertTrue(http.get("/api/tasks/" + failed).json().get("attempts").asInt() >= 2);

            long done = create("square", "2");
            awaitTask(done, TaskStatus.COMPLETED);
            assertError(http.post("/api/tasks/" + done + "/retry"), 409, "only a failed task can be retried");
            assertError(http.post("/api/tasks/987654321/retry"), 404, "no task");
        }
    }

    @Nested
    class PipelinesAndJobs {
        @Test
        void lists_pipelines_with_counts_per_state() {
            pipelineWithBuriedJob("counts");
            JsonNode pipelines = http.get("/api/pipelines").json().get("pipelines");
            JsonNode counts = null;
            for (JsonNode p : pipelines) {
                if (p.get("name").asText().equals("counts")) {
                    counts = p;
                }
            }
            assertNotNull(counts, pipelines.toString());
            assertEquals(1, counts.get("ready").asInt());
            assertEquals(1, counts.get("buried").asInt());
            assertEquals(2, counts.get("total").asInt());
        }

        @Test
        void reads_a_pipeline_with_its_next_job_per_state() {
            List<Long> ids = pipelineWithBuriedJob("next");
            JsonNode p = http.get("/api/pipelines/next").json();
            assertEquals(1, p.get("buried").asInt());
            assertEquals(ids.get(0), p.get("next").get("buried").get("id").asLong());
            assertEquals(ids.get(1), p.get("next").get("ready").get("id").asLong());
            assertTrue(p.get("next").get("delayed").isNull());
            assertEquals("plain text", p.get("next").get("ready").get("payload").asText());
            assertEquals("text", p.get("next").get("ready").get("payloadFormat").asText());
        }

        @Test
        void a_pipeline_name_may_hold_slashes() {
            app.queue.selectPipeline("mail/outbox").addJob("x");
            JsonNode p = http.get("/api/pipelines/mail/outbox").json();
            assertEquals("mail/outbox", p.get("name").asText());
            assertEquals(1, p.get("ready").asInt());
            assertEquals(1, http.get("/api/pipelines/mail/outbox/jobs?state=ready").json().get("count").asInt());
        }

        @Test
        void lists_the_buried_jobs_with_their_recorded_error() {
            List<Long> ids = pipelineWithBuriedJob("buried");
            JsonNode page = http.get("/api/pipelines/buried/jobs?state=buried").json();
            assertEquals(1, page.get("count").asInt());
            JsonNode job = page.get("jobs").get(0);
            assertEquals(ids.get(0), job.get("id").asLong());
            assertEquals("BURIED", job.get("state").asText());
            assertEquals("SMTP said <b>no</b>", job.get("error").asText());
            assertEquals("json", job.get("payloadFormat").asText());
            assertTrue(page.get("complete").asBoolean());
            assertTrue(page.get("next").isNull());
            assertTrue(page.get("listing").asText().contains("every job"));
        }

        @Test
        void pages_through_every_job_of_a_state_in_id_order_following_next() {
            List<Long> added = app.queue.selectPipeline("paged").addJobs(
                    java.util.stream.IntStream.range(0, 25).mapToObj(i -> "job " + i).toList());
            List<Long> seen = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            String url = "/api/pipelines/paged/jobs?state=ready&limit=10";
            JsonNode page = http.get(url).json();
            while (true) {
                assertEquals(25, page.get("count").asInt());
                assertTrue(page.get("complete").asBoolean());
                sizes.add(page.get("jobs").size());
                page.get("jobs").forEach(j -> seen.add(j.get("id").asLong()));
                if (page.get("next").isNull()) {
                    break;
                }
                page = http.get(url + "&after=" + page.get("next").asLong()).json();
            }
            assertEquals(List.of(10, 10, 5), sizes);
            assertEquals(added, seen);
            JsonNode largest = http.get("/api/pipelines/paged/jobs?state=ready&limit=1000").json();
            assertEquals(25, largest.get("jobs").size());
            assertTrue(largest.get("next").isNull());
        }

        @Test
        void lists_reserved_jobs_where_the_backend_can() {
            JobQueue q = app.queue.selectPipeline("held").watchPipeline("held");
            long id = q.addJob("held", JobOptions.defaults().withTtr(Duration.ofSeconds(60)));
            Job job = q.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow();
            JsonNode page = http.get("/api/pipelines/held/jobs?state=reserved").json();
            assertEquals(1, page.get("count").asInt());
            assertEquals(id, page.get("jobs").get(0).get("id").asLong());
            assertEquals("RESERVED", page.get("jobs").get(0).get("state").asText());
            q.delete(job);
        }

        @Test
        void the_pipeline_page_lists_a_page_of_jobs_per_state_with_a_link_to_the_next() {
            List<Long> added = app.queue.selectPipeline("paged-page").addJobs(
                    java.util.stream.IntStream.range(0, QueuePages.PAGE + 5).mapToObj(i -> "job " + i).toList());
            String first = http.get("/pipeline?name=paged-page").body();
            assertTrue(first.contains("id=\"job-" + added.get(QueuePages.PAGE - 1) + "\""), first);
            assertFalse(first.contains("id=\"job-" + added.get(QueuePages.PAGE) + "\""), first);
            String next = "/pipeline?name=paged-page&amp;state=ready&amp;after=" + added.get(QueuePages.PAGE - 1);
            assertTrue(first.contains("class=\"next-page\" href=\"" + next + "#ready\""), first);
            assertFalse(first.contains("listing every job"), first);

            String second = http.get(next.replace("&amp;", "&")).body();
            assertTrue(second.contains("id=\"job-" + added.get(QueuePages.PAGE) + "\""), second);
            assertFalse(second.contains("id=\"job-" + added.get(QueuePages.PAGE - 1) + "\""), second);
            assertFalse(second.contains("class=\"next-page\""), second);
            assertTrue(second.contains("class=\"first-page\""), second);
            assertTrue(second.contains("data-poll=\"/ui" + next + "\""), "the live section keeps the page: " + second);
        }

        @Test
        void a_backend_that_cannot_list_shows_the_next_job_per_state_and_says_so() {
            List<Long> ids = pipelineWithBuriedJob("peek-only");
            app.queue.selectPipeline("peek-only").addJob("another ready job");
            QueueSettings settings = QueueSettings.defaults();
            try (JdbcBackend real = JdbcBackend.open(app.queueUrl, settings);
                    Dashboard peekOnly = Dashboard.builder(JobQueue.create(
                            new WithoutCapabilities(real, Capability.LIST_BY_STATE), settings),
                            app.tasks).port(0).start()) {
                Http other = new Http(peekOnly.url());
                JsonNode page = other.get("/api/pipelines/peek-only/jobs?state=ready").json();
                assertEquals(2, page.get("count").asInt());
                assertEquals(1, page.get("jobs").size());
                assertEquals(ids.get(1), page.get("jobs").get(0).get("id").asLong());
                assertFalse(page.get("complete").asBoolean());
                assertTrue(page.get("next").isNull());
                assertTrue(page.get("listing").asText().contains("next job only"), page.toString());
                assertError(other.get("/api/pipelines/peek-only/jobs?state=reserved"), 400,
                        "reserved jobs cannot be peeked");
                String html = other.get("/pipeline?name=peek-only").body();
                assertTrue(html.contains("next job"), html);
                assertTrue(html.contains("1 more, not shown"), html);
            }
        }

        @Test
        void refuses_a_bad_state_paging_or_pipeline_name_with_400() {
            assertError(http.get("/api/pipelines/x/jobs?state=bogus"), 400, "state must be");
            assertError(http.get("/api/pipelines/x/jobs"), 400, "state is required");
            assertError(http.get("/api/pipelines/x/jobs?state=ready&after=-1"), 400, "after must be");
            assertError(http.get("/api/pipelines/x/jobs?state=ready&after=x"), 400, "after must be");
            assertError(http.get("/api/pipelines/x/jobs?state=ready&limit=0"), 400, "limit must be");
            assertError(http.get("/api/pipelines/x/jobs?state=ready&limit=1001"), 400, "limit must be");
            assertError(http.get("/api/pipelines/bad%20name"), 400, "illegal pipeline name");
            assertError(http.get("/api/pipelines/bad%20name/jobs?state=ready"), 400, "illegal pipeline name");
        }

        @Test
        void reads_a_job_by_id_and_refuses_an_unknown_one_with_404() {
            List<Long> ids = pipelineWithBuriedJob("byid");
            assertEquals("BURIED", http.get("/api/jobs/" + ids.get(0)).json().get("state").asText());
            assertError(http.get("/api/jobs/987654321"), 404, "no job 987654321");
            assertError(http.get("/api/jobs/x"), 400, "id must be");
        }

        @Test
        void kicks_a_buried_job_and_refuses_to_kick_a_ready_one_with_409() {
            List<Long> ids = pipelineWithBuriedJob("kick");
            Http.Response r = http.post("/api/jobs/" + ids.get(0) + "/kick");
            assertEquals(200, r.status(), r.toString());
            assertEquals("READY", r.json().get("state").asText());
            assertEquals(0, app.queue.getBuriedCount("kick"));
            assertError(http.post("/api/jobs/" + ids.get(0) + "/kick"), 409, "only a buried or delayed job");
            assertError(http.post("/api/jobs/987654321/kick"), 404, "no job");
        }

        @Test
        void kicks_up_to_n_jobs_of_a_pipeline() {
            pipelineWithBuriedJob("kickn");
            pipelineWithBuriedJob("kickn");
            Http.Response r = http.post("/api/pipelines/kickn/kick?max=5");
            assertEquals(200, r.status(), r.toString());
            assertEquals(2, r.json().get("kicked").asInt());
            assertError(http.post("/api/pipelines/kickn/kick?max=0"), 400, "max must be");
        }

        @Test
        void deletes_a_job_and_answers_404_once_it_is_gone_and_409_while_a_worker_holds_it() {
            List<Long> ids = pipelineWithBuriedJob("delete");
            assertEquals(204, http.delete("/api/jobs/" + ids.get(0)).status());
            assertError(http.delete("/api/jobs/" + ids.get(0)), 404, "no job");

            Job held = app.queue.watchPipeline("delete").getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow();
            assertError(http.delete("/api/jobs/" + held.id()), 409, "reserved by a worker");
            app.queue.delete(held);
        }
    }

    @Nested
    class PauseAndResume {
        @Test
        void a_paused_pipeline_gives_no_job_to_a_worker_until_it_is_resumed() {
            long id = app.queue.selectPipeline("paused").addJob("waits");
            JobQueue worker = app.queue.watchPipeline("paused");

            Http.Response paused = http.post("/api/pipelines/paused/pause");
            assertEquals(200, paused.status(), paused.toString());
            assertTrue(paused.json().get("paused").asBoolean(), paused.toString());
            assertEquals(1, paused.json().get("ready").asInt(), paused.toString());
            assertTrue(app.queue.isPaused("paused"));
            assertTrue(http.get("/api/pipelines/paused").json().get("paused").asBoolean());
            assertTrue(worker.getNextJobAndReserve(Duration.ofMillis(300)).isEmpty(), "a paused pipeline gives no job");
            assertEquals(200, http.post("/api/pipelines/paused/pause").status(), "pausing twice changes nothing");

            Http.Response resumed = http.post("/api/pipelines/paused/resume");
            assertEquals(200, resumed.status(), resumed.toString());
            assertFalse(resumed.json().get("paused").asBoolean(), resumed.toString());
            assertFalse(app.queue.isPaused("paused"));
            Job job = worker.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow();
            assertEquals(id, job.id());
            worker.delete(job);
            assertEquals(200, http.post("/api/pipelines/paused/resume").status(), "resuming twice changes nothing");
        }

        @Test
        void the_overview_and_the_pipeline_page_show_a_paused_badge_and_the_button_that_undoes_it() {
            app.queue.selectPipeline("badge").addJob("x");
            app.queue.selectPipeline("badge-running").addJob("x");
            String running = http.get("/pipeline?name=badge").body();
            assertTrue(running.contains("data-paused=\"false\""), running);
            assertTrue(running.contains("data-url=\"/api/pipelines/badge/pause\""), running);
            assertFalse(running.contains("badge paused"), running);

            http.post("/api/pipelines/badge/pause");
            String paused = http.get("/pipeline?name=badge").body();
            assertTrue(paused.contains("data-paused=\"true\""), paused);
            assertTrue(paused.contains("class=\"badge paused\""), paused);
            assertTrue(paused.contains("data-url=\"/api/pipelines/badge/resume\""), paused);
            String overview = http.get("/ui/overview").body();
            int row = overview.indexOf("data-pipeline=\"badge\"");
            int other = overview.indexOf("data-pipeline=\"badge-running\"");
            assertTrue(row >= 0 && other >= 0, overview);
            assertTrue(overview.substring(row, overview.indexOf("</tr>", row)).contains("badge paused"), overview);
            assertFalse(overview.substring(other, overview.indexOf("</tr>", other)).contains("badge paused"), overview);
            http.post("/api/pipelines/badge/resume");
        }

        @Test
        void refuses_an_illegal_pipeline_name_with_400() {
            assertError(http.post("/api/pipelines/bad%20name/pause"), 400, "illegal pipeline name");
            assertError(http.post("/api/pipelines/bad%20name/resume"), 400, "illegal pipeline name");
        }

        @Test
        void a_backend_that_cannot_pause_answers_501_and_shows_no_button() {
            app.queue.selectPipeline("no-pause").addJob("x");
            QueueSettings settings = QueueSettings.defaults();
            try (JdbcBackend real = JdbcBackend.open(app.queueUrl, settings);
                    Dashboard noPause = Dashboard.builder(JobQueue.create(
                            new WithoutCapabilities(real, Capability.PAUSE), settings), app.tasks).port(0).start()) {
                Http other = new Http(noPause.url());
                assertError(other.post("/api/pipelines/no-pause/pause"), 501,
                        "this backend cannot pause a pipeline (no PAUSE capability)");
                assertError(other.post("/api/pipelines/no-pause/resume"), 501, "cannot resume a pipeline");
                assertFalse(other.get("/api/pipelines/no-pause").json().get("paused").asBoolean());
                String html = other.get("/pipeline?name=no-pause").body();
                assertTrue(html.contains("This backend cannot pause a pipeline."), html);
                assertFalse(html.contains("/pause\""), html);
            }
            assertFalse(app.queue.isPaused("no-pause"), "nothing changed");
        }
    }

    @Nested
    class SchedulesAndLimits {
        JsonNode named(JsonNode array, String field, String name) {
            for (JsonNode n : array) {
                if (n.get(field).asText().equals(name)) {
                    return n;
                }
            }
            return null;
        }

        @Test
        void schedules_lists_the_queues_recurring_jobs_with_their_next_run() {
            Schedule hourly = app.queue.schedule("api-hourly", Recurrence.every(Duration.ofHours(1)), "reports",
                    "{\"report\":\"hourly\"}");
            Schedule nightly = app.queue.schedule("api-nightly", Recurrence.cron("0 3 * * *", ZoneId.of("Europe/Paris")),
                    "reports/nightly", "x");
            try {
                JsonNode all = http.get("/api/schedules").json().get("schedules");
                JsonNode h = named(all, "name", "api-hourly");
                assertNotNull(h, all.toString());
                assertEquals("every PT1H", h.get("recurrence").asText());
                assertEquals("Z", h.get("zone").asText(), "UTC");
                assertEquals("reports", h.get("pipeline").asText());
                assertEquals(hourly.nextRunAt().toString(), h.get("nextRunAt").asText());
                assertEquals("json", h.get("payloadFormat").asText());
                assertEquals("hourly", Json.tree(h.get("payload").asText()).get("report").asText(), h.toString());
                JsonNode n = named(all, "name", "api-nightly");
                assertNotNull(n, all.toString());
                assertEquals("cron '0 3 * * *' in Europe/Paris", n.get("recurrence").asText());
                assertEquals("Europe/Paris", n.get("zone").asText());
                assertEquals(nightly.nextRunAt().toString(), n.get("nextRunAt").asText());

                String section = http.get("/ui/schedules").body();
                int row = section.indexOf("data-schedule=\"api-hourly\"");
                assertTrue(row >= 0, section);
                String tr = section.substring(row, section.indexOf("</tr>", row));
                assertTrue(tr.contains("every PT1H"), tr);
                assertTrue(tr.contains("href=\"/pipeline?name=reports\""), tr);
                assertTrue(tr.contains(Html.time(hourly.nextRunAt())), tr);
                assertTrue(tr.contains("in 59 min"), tr);
                assertTrue(http.get("/").body().contains("data-poll=\"/ui/schedules\""), "a live section");
            } finally {
                app.queue.removeSchedule("api-hourly");
                app.queue.removeSchedule("api-nightly");
            }
        }

        @Test
        void a_schedules_name_shows_as_text_on_the_overview() {
            // A name cannot hold markup; its other punctuation must come through unchanged.
            assertThrows(InvalidInputException.class, () -> Schedule.checkName("<b>x</b>"));
            assertThrows(InvalidInputException.class, () -> Schedule.checkName("a\"b"));
            String name = "eu/report;v2.(night)$_+-";
            app.queue.schedule(name, Recurrence.every(Duration.ofDays(2)), "reports", "x");
            try {
                String section = http.get("/ui/schedules").body();
                assertTrue(section.contains("<td class=\"name\">" + name + "</td>"), section);
                assertTrue(section.contains("in 1 d 23 h"), section);
                assertEquals(name, named(http.get("/api/schedules").json().get("schedules"), "name", name)
                        .get("name").asText());
            } finally {
                app.queue.removeSchedule(name);
            }
        }

        @Test
        void the_pipelines_api_and_the_pipeline_page_give_its_limits() {
            app.queue.selectPipeline("limited").addJob("x");
            app.queue.selectPipeline("unlimited").addJob("x");
            app.queue.setLimits("limited", new PipelineLimits(3, 20));
            JsonNode pipelines = http.get("/api/pipelines").json().get("pipelines");
            JsonNode limited = named(pipelines, "name", "limited").get("limits");
            assertEquals(3, limited.get("maxRunning").asInt(), pipelines.toString());
            assertEquals(20, limited.get("maxStartedPerSecond").asInt(), pipelines.toString());
            JsonNode unlimited = named(pipelines, "name", "unlimited").get("limits");
            assertEquals(0, unlimited.get("maxRunning").asInt(), pipelines.toString());
            assertEquals(0, unlimited.get("maxStartedPerSecond").asInt(), pipelines.toString());
            assertEquals(3, http.get("/api/pipelines/limited").json().get("limits").get("maxRunning").asInt());

            String page = http.get("/pipeline?name=limited").body();
            assertTrue(page.contains("Limits: at most 3 running, 20 started per second"), page);
            app.queue.setLimits("limited", PipelineLimits.maxStartedPerSecond(5));
            page = http.get("/ui/pipeline?name=limited").body();
            assertTrue(page.contains("Limits: at most 5 started per second"), page);
            page = http.get("/pipeline?name=unlimited").body();
            assertTrue(page.contains("id=\"pipeline-limits\">No limits"), page);
        }

        @Test
        void a_backend_without_schedules_or_limits_answers_501_says_why_and_shows_no_limits() {
            app.queue.selectPipeline("no-limits").addJob("x");
            QueueSettings settings = QueueSettings.defaults();
            try (JdbcBackend real = JdbcBackend.open(app.queueUrl, settings);
                    Dashboard none = Dashboard.builder(JobQueue.create(new WithoutCapabilities(real,
                            Capability.SCHEDULES, Capability.PIPELINE_LIMITS), settings), app.tasks).port(0).start()) {
                Http other = new Http(none.url());
                assertError(other.get("/api/schedules"), 501,
                        "this backend cannot hold recurring jobs (schedules) (no SCHEDULES capability)");
                String overview = other.get("/").body();
                assertTrue(overview.contains("id=\"schedules-unavailable\""), overview);
                assertFalse(overview.contains("id=\"schedules\""), overview);
                JsonNode pipelines = other.get("/api/pipelines").json().get("pipelines");
                assertNotNull(named(pipelines, "name", "no-limits"), pipelines.toString());
                for (JsonNode p : pipelines) {
                    assertFalse(p.has("limits"), p.toString());
                }
                assertFalse(other.get("/api/pipelines/no-limits").json().has("limits"));
                String page = other.get("/pipeline?name=no-limits").body();
                assertFalse(page.contains("pipeline-limits"), page);
            }
        }
    }

    @Nested
    class WorkersAndThroughput {
        /** This JVM's worker, as the API lists it, once its first heartbeat is recorded. */
        JsonNode ownWorker() {
            long pid = ProcessHandle.current().pid();
            Await.until("this JVM's worker is listed", () -> find(http.get("/api/workers").json(), pid) != null);
            return find(http.get("/api/workers").json(), pid);
        }

        JsonNode find(JsonNode body, long pid) {
            for (JsonNode w : body.get("workers")) {
                if (w.get("pid").asLong() == pid && w.get("alive").asBoolean()) {
                    return w;
                }
            }
            return null;
        }

        @Test
        void workers_lists_the_running_worker_alive_with_its_host_pid_pipelines_and_counts() {
            JsonNode w = ownWorker();
            assertEquals(app.queue.listWorkers().stream().filter(r -> r.worker().pid() == ProcessHandle.current().pid())
                    .findFirst().orElseThrow().worker().host(), w.get("host").asText());
            assertEquals(4, w.get("handlers").asInt(), w.toString());
            assertTrue(w.get("busyHandlers").asInt() <= 4, w.toString());
            List<String> pipelines = new ArrayList<>();
            w.get("pipelines").forEach(p -> pipelines.add(p.asText()));
            assertTrue(pipelines.contains(app.tasks.pipeline("square")), pipelines.toString());
            assertEquals(TestApp.HEARTBEAT_INTERVAL.toMillis(), w.get("heartbeatIntervalMs").asLong());
            assertEquals(3 * TestApp.HEARTBEAT_INTERVAL.toMillis(), w.get("deadAfterMs").asLong());
            for (String time : List.of("started", "lastSeen")) {
                assertNotNull(java.time.Instant.parse(w.get(time).asText()), time);
            }

            long before = ownWorker().get("succeeded").asLong();
            awaitTask(create("square", "3"), TaskStatus.COMPLETED);
            Await.until("the worker's next heartbeat counts the task",
                    () -> ownWorker().get("succeeded").asLong() > before);
        }

        @Test
        void a_dead_worker_is_listed_dead_and_markup_in_its_host_shows_as_text() {
            WorkerInfo ghost = new WorkerInfo("ghost-<b>1</b>", "<script>alert('host')</script>", 7,
                    List.of("ghost-pipeline"), 2, 1, 5, 1, java.time.Instant.now(), Duration.ofMillis(1));
            app.queue.heartbeat(ghost);
            try {
                Await.until("the ghost is listed dead", () -> {
                    for (JsonNode w : http.get("/api/workers").json().get("workers")) {
                        if (w.get("id").asText().equals(ghost.id())) {
                            return !w.get("alive").asBoolean();
                        }
                    }
                    return false;
                });
                String overview = http.get("/ui/workers").body();
                int row = overview.indexOf("data-worker-id=\"ghost-&lt;b&gt;1&lt;/b&gt;\"");
                assertTrue(row >= 0, overview);
                String tr = overview.substring(overview.lastIndexOf("<tr", row), overview.indexOf("</tr>", row));
                assertTrue(tr.contains("class=\"worker dead\""), tr);
                assertTrue(tr.contains("&lt;script&gt;alert(&#39;host&#39;)&lt;/script&gt;"), tr);
                assertTrue(tr.contains("1 / 2"), tr);
                assertFalse(overview.contains("<script>alert"), overview);
                assertFalse(overview.contains("<b>1</b>"), overview);
            } finally {
                app.queue.removeWorker(ghost.id());
            }
        }

        @Test
        void the_overview_shows_this_jvms_worker_alive_with_its_host_and_pid() {
            JsonNode w = ownWorker();
            String overview = http.get("/").body();
            int row = overview.indexOf("data-worker-id=\"" + w.get("id").asText() + "\"");
            assertTrue(row >= 0, overview);
            String tr = overview.substring(row, overview.indexOf("</tr>", row));
            assertTrue(tr.contains("<span class=\"badge alive\">alive</span>"), tr);
            assertTrue(tr.contains("<td class=\"host\">" + Html.esc(w.get("host").asText()) + "</td>"), tr);
            assertTrue(tr.contains(">" + ProcessHandle.current().pid() + "</td>"), tr);
            for (String section : List.of("/ui/overview", "/ui/throughput", "/ui/workers")) {
                assertTrue(overview.contains("data-poll=\"" + section + "\""), "the page refreshes " + section);
            }
            assertTrue(http.get("/ui/workers").body().contains("data-worker-id=\"" + w.get("id").asText() + "\""));
        }

        @Test
        void throughput_counts_the_jobs_the_workers_finished_and_failed_per_minute() {
            JsonNode first = http.get("/api/throughput").json();
            long succeededBefore = first.get("succeeded").asLong();
            long failedBefore = first.get("failed").asLong();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(create("square", String.valueOf(i)));
            }
            long failing = create("explode", "1");
            ids.forEach(id -> awaitTask(id, TaskStatus.COMPLETED));
            awaitTask(failing, TaskStatus.FAILED);

            Await.until("the chart counts 5 more succeeded jobs and 1 more failed", () -> {
                JsonNode now = http.get("/api/throughput").json();
                return now.get("succeeded").asLong() >= succeededBefore + 5
                        && now.get("failed").asLong() >= failedBefore + 1;
            });
            Http.Response r = http.get("/api/throughput");
            assertEquals(200, r.status());
            JsonNode body = r.json();
            assertEquals(TestApp.SAMPLE_INTERVAL.toMillis(), body.get("sampleIntervalMs").asLong());
            java.time.Instant since = java.time.Instant.parse(body.get("since").asText());
            JsonNode minutes = body.get("minutes");
            assertTrue(minutes.size() >= 1 && minutes.size() <= 60, body.toString());
            long sum = 0;
            java.time.Instant previous = null;
            for (JsonNode m : minutes) {
                java.time.Instant start = java.time.Instant.parse(m.get("start").asText());
                assertEquals(0, start.getEpochSecond() % 60, "a minute starts on the minute: " + start);
                assertTrue(previous == null || start.equals(previous.plusSeconds(60)), "one entry a minute, in order");
                assertFalse(start.plusSeconds(60).isBefore(since.plusMillis(1)), "no minute before the first sample");
                previous = start;
                sum += m.get("succeeded").asLong();
            }
            assertEquals(body.get("succeeded").asLong(), sum, "the total is the minutes' sum");
            String overview = http.get("/ui/throughput").body();
            assertTrue(overview.contains("<rect class=\"succeeded\""), overview);
            assertTrue(overview.contains("<rect class=\"failed\""), overview);
            assertTrue(overview.contains("History starts when the dashboard started"), overview);
        }

        @Test
        void a_backend_without_a_worker_registry_answers_501_and_the_overview_says_why() {
            QueueSettings settings = QueueSettings.defaults();
            try (JdbcBackend real = JdbcBackend.open(app.queueUrl, settings);
                    Dashboard none = Dashboard.builder(JobQueue.create(
                            new WithoutCapabilities(real, Capability.WORKER_REGISTRY), settings), app.tasks)
                            .port(0).start()) {
                Http other = new Http(none.url());
                assertError(other.get("/api/workers"), 501,
                        "this backend cannot list worker processes: its workers record no heartbeats"
                                + " (no WORKER_REGISTRY capability)");
                assertError(other.get("/api/throughput"), 501, "cannot chart throughput");
                assertError(other.get("/api/throughput"), 501, "(no WORKER_REGISTRY capability)");
                String overview = other.get("/").body();
                assertTrue(overview.contains("id=\"workers-unavailable\""), overview);
                assertTrue(overview.contains("id=\"throughput-unavailable\""), overview);
                assertTrue(overview.contains("This backend keeps no worker registry"), overview);
                assertFalse(overview.contains("<svg"), overview);
                assertFalse(overview.contains("id=\"workers\""), overview);
            }
        }
    }

    @Nested
    class HealthStatsAndDocs {
        @Test
        void health_is_up_when_the_queue_and_the_task_store_answer() {
            JsonNode health = http.get("/health").json();
            assertEquals("UP", health.get("status").asText());
            assertEquals("UP", health.get("queue").asText());
            assertEquals("UP", health.get("taskStore").asText());
        }

        @Test
        void stats_count_jobs_per_state_and_tasks_per_status() {
            pipelineWithBuriedJob("stats");
            JsonNode stats = http.get("/api/stats").json();
            assertTrue(stats.get("jobs").get("buried").asInt() >= 1, stats.toString());
            assertTrue(stats.get("pipelines").isArray());
            for (TaskStatus status : TaskStatus.values()) {
                assertTrue(stats.get("tasks").has(status.name()), stats.toString());
            }
        }

        @Test
        void serves_an_openapi_document_naming_every_path() {
            Http.Response r = http.get("/api/openapi.json");
            assertEquals(200, r.status());
            JsonNode doc = r.json();
            assertTrue(doc.get("openapi").asText().startsWith("3."));
            for (String path : List.of("/health", "/api/stats", "/api/workers", "/api/throughput", "/api/schedules",
                    "/api/definitions",
                    "/api/tasks", "/api/tasks/upload", "/api/tasks/{id}", "/api/tasks/{id}/cancel", "/api/tasks/{id}/retry", "/api/pipelines",
                    "/api/pipelines/{name}", "/api/pipelines/{name}/jobs", "/api/pipelines/{name}/kick",
                    "/api/pipelines/{name}/pause", "/api/pipelines/{name}/resume",
                    "/api/jobs/{id}", "/api/jobs/{id}/kick")) {
                assertNotNull(doc.get("paths").get(path), path);
            }
        }

        @Test
        void an_unknown_endpoint_is_404_json() {
            assertError(http.get("/api/nothing-here"), 404, "");
        }
    }

    @Nested
    class Escaping {
        @Test
        void markup_in_a_payload_and_a_recorded_error_renders_as_text_on_the_pipeline_page() {
            pipelineWithBuriedJob("escape");
            Http.Response page = http.with("Accept", "text/html").get("/pipeline?name=escape");
            assertEquals(200, page.status());
            assertTrue(page.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page.body());
            assertTrue(page.body().contains("SMTP said &lt;b&gt;no&lt;/b&gt;"));
            assertFalse(page.body().contains("<script>alert"));
            assertFalse(page.body().contains("<b>no</b>"));
            assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"));
        }

        @Test
        void markup_in_params_and_errors_renders_as_text_on_the_task_page() {
            long id = create("explode", "{\"x\":\"<script>alert(2)</script>\"}");
            awaitTask(id, TaskStatus.FAILED);
            String body = http.get("/tasks/" + id).body();
            assertTrue(body.contains("&lt;script&gt;alert(2)&lt;/script&gt;"), body);
            assertTrue(body.contains("boom &lt;script&gt;alert(&#39;explode&#39;)&lt;/script&gt;"), body);
            assertFalse(body.contains("<script>alert"));
        }

        @Test
        void an_error_page_escapes_what_the_request_said() {
            Http.Response r = http.with("Accept", "text/html").get("/pipeline?name=%3Cscript%3E");
            assertEquals(400, r.status());
            assertFalse(r.body().contains("<script>"), r.body());
            assertTrue(r.body().contains("&lt;script&gt;"), r.body());
        }
    }

    @Test
    void a_queued_task_has_no_result_yet() {
        long id = create("slow", "null");
        JsonNode task = http.get("/api/tasks/" + id).json();
        assertTrue(task.get("result").isNull());
        assertNull(task.get("finishedAt").textValue());
        http.post("/api/tasks/" + id + "/cancel");
    }
}
