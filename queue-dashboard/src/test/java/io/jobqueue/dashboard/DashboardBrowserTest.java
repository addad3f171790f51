package io.jobqueue.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.WorkerRecord;
import io.jobqueue.tasks.Task;
import io.jobqueue.tasks.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium, used the way a person uses it, on SQLite with workers running:
 * upload a file of domains through the New task page and watch the bar reach 100%, read a buried job's
 * recorded error and kick it, see markup from a job shown as text, pause a pipeline and resume it, see the worker
 * alive and the jobs it ran in the overview's chart. Screenshots go to target/screenshots.
 * Tagged slow: a browser and a 190-child task take some 20 s a test.
 */
@Tag("slow")
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a browser on two busy cores can be slow to start
class DashboardBrowserTest {
    private static final String PAYLOAD = "{\"to\":\"<script>window.pwned = 1</script>\",\"subject\":\"hi\"}";
    private static final String ERROR = "SMTP 550 <script>window.pwned = 2</script> mailbox unavailable";

    TestApp app;
    Browser browser;
    WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        app = new TestApp();
        app.startWorkers(4);
        browser = new Browser();
        // Live sections are replaced while the test reads them: an element gone stale is looked up again.
        wait = new WebDriverWait(browser.driver, Duration.ofSeconds(120));
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            app.close();
        }
    }

    @Test
    void a_person_uploads_domains_watches_the_task_finish_reads_a_buried_error_and_kicks_the_job() throws Exception {
        long buried = buryMailJob();

        // Overview: the pipeline with its buried job.
        open("/");
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#pipelines tr[data-pipeline='mail']")));
        assertEquals("1", text(By.cssSelector("#pipelines tr[data-pipeline='mail'] td.buried")));
        browser.screenshot("01-overview");

        // New task: upload 200 lines of domains (190 distinct) as a fan-out task.
        Path domains = domainFile();
        open("/tasks/new");
        WebElement form = browser.driver.findElement(By.id("new-task-upload"));
        new Select(form.findElement(By.name("name"))).selectByVisibleText("fanout");
        form.findElement(By.name("file")).sendKeys(domains.toAbsolutePath().toString());
        browser.screenshot("02-new-task");
        form.findElement(By.cssSelector("button[type=submit]")).click();

        // The task page: the bar moves without a reload until it reaches 100%, then the report shows.
        wait.until(ExpectedConditions.urlMatches("/tasks/\\d+$"));
        long taskId = Long.parseLong(browser.driver.getCurrentUrl().replaceAll(".*/tasks/", ""));
        wait.until(d -> "100".equals(d.findElement(By.cssSelector("#task .overall progress")).getAttribute("value")));
        String report = text(By.id("task-result"));
        assertTrue(report.contains("\"total\" : 190"), report);
        assertEquals("COMPLETED", text(By.cssSelector("#task .status")));
        assertEquals(2, browser.driver.findElements(By.cssSelector("#stages tbody tr")).size());
        browser.screenshot("03-task");
        Task task = app.tasks.getTask(taskId);
        assertEquals(TaskStatus.COMPLETED, task.status());
        assertEquals(190, task.progress().completed());

        // Tasks list: the task with its full bar.
        open("/tasks");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tasks tr[data-task-id='" + taskId + "']")));
        browser.screenshot("04-tasks");

        // The overview again: this JVM's worker alive with its host and pid, and a bar for the jobs that just ran.
        long pid = ProcessHandle.current().pid();
        WorkerRecord own = app.queue.listWorkers().stream()
                .filter(r -> r.alive() && r.worker().pid() == pid).findFirst().orElseThrow();
        app.queue.schedule("nightly-mail", io.jobqueue.Recurrence.cron("0 3 * * *"), "mail", "{}");
        open("/");
        assertEquals("cron '0 3 * * *' in UTC",
                text(By.cssSelector("#schedules tr[data-schedule='nightly-mail'] td.recurrence")));
        String worker = "#workers tr.worker.alive[data-worker-id='" + own.worker().id() + "']";
        assertEquals(own.worker().host(), text(By.cssSelector(worker + " td.host")));
        assertEquals(String.valueOf(pid), text(By.cssSelector(worker + " td.pid")));
        assertEquals("ALIVE", text(By.cssSelector(worker + " .badge.alive")).toUpperCase());
        // The upload's 190 children ran after this worker's first heartbeat was sampled: the chart counts them all.
        wait.until(d -> Long.parseLong(d.findElement(By.cssSelector("#throughput .total-succeeded")).getText()) >= 190);
        wait.until(d -> d.findElements(By.cssSelector("#throughput g.minute rect.succeeded")).stream()
                .anyMatch(bar -> Double.parseDouble(bar.getAttribute("height")) > 0));
        assertTrue(text(By.cssSelector("#throughput")).contains("History starts when the dashboard started"));
        browser.screenshotWholePage("11-overview-after-task");

        // The pipeline's buried jobs: the recorded error and the payload, as text.
        open("/pipeline?name=mail");
        String card = "#buried article#job-" + buried;
        assertEquals(ERROR, text(By.cssSelector(card + " .job-error")));
        assertTrue(text(By.cssSelector(card + " pre.payload")).contains("<script>window.pwned = 1</script>"));
        assertNull(browser.driver.executeScript("return window.pwned === undefined ? null : window.pwned;"),
                "no script from a job ran");
        assertTrue(browser.driver.findElements(By.cssSelector("main script")).isEmpty(), "no script element from a job");
        browser.screenshot("05-pipeline-buried");

        // Kick it: it leaves the buried list without a reload.
        click(By.cssSelector("#job-" + buried + " button.kick"));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#buried article.job"), 0));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#buried .count"), "0"));
        assertEquals(0, app.queue.getBuriedCount("mail"));
        assertEquals(io.jobqueue.JobState.READY, app.queue.peek(buried).orElseThrow().state());
        browser.screenshot("06-pipeline-kicked");
    }

    @Test
    void a_person_queues_a_task_with_json_params_and_cancels_a_running_one() {
        open("/tasks/new");
        WebElement form = browser.driver.findElement(By.id("new-task-json"));
        new Select(form.findElement(By.name("name"))).selectByVisibleText("slow");
        WebElement params = form.findElement(By.name("params"));
        params.clear();
        params.sendKeys("{\"note\": \"<b>bold?</b>\"}");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.urlMatches("/tasks/\\d+$"));
        assertTrue(text(By.id("task-params")).contains("<b>bold?</b>"));
        wait.until(d -> "STARTED".equals(d.findElement(By.id("task")).getAttribute("data-status")));

        click(By.cssSelector("button.cancel"));
        browser.driver.switchTo().alert().accept();
        wait.until(d -> "CANCELLED".equals(d.findElement(By.id("task")).getAttribute("data-status")));
        browser.screenshot("07-task-cancelled");

        // Bad JSON is refused in the page, and nothing is queued.
        long before = app.tasks.count(io.jobqueue.tasks.TaskQuery.all());
        open("/tasks/new");
        WebElement again = browser.driver.findElement(By.id("new-task-json"));
        again.findElement(By.name("params")).clear();
        again.findElement(By.name("params")).sendKeys("{oops");
        again.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "not valid JSON"));
        assertEquals(before, app.tasks.count(io.jobqueue.tasks.TaskQuery.all()));
    }

    @Test
    void a_person_pauses_a_pipeline_sees_its_jobs_wait_then_resumes_it_and_they_run() {
        String pipeline = app.tasks.pipeline("square");
        open("/pipeline?name=" + pipeline);
        wait.until(ExpectedConditions.attributeToBe(By.id("pipeline-state"), "data-paused", "false"));
        assertTrue(browser.driver.findElements(By.cssSelector(".badge.paused")).isEmpty());

        // Pause: the badge shows without a reload, and the queue says the pipeline is paused.
        click(By.cssSelector("#pipeline-state button.pause"));
        wait.until(ExpectedConditions.attributeToBe(By.id("pipeline-state"), "data-paused", "true"));
        assertEquals("PAUSED", text(By.cssSelector("#pipeline-state .badge.paused")).toUpperCase());
        assertTrue(app.queue.isPaused(pipeline));

        // A task queued now waits: its job stays ready, the page's count shows it, and no worker takes it.
        long id = app.tasks.queue("square", 6).id();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#pipeline-counts td.ready"), "1"));
        assertTrue(app.queue.watchPipeline(pipeline).getNextJobAndReserve(Duration.ofMillis(500)).isEmpty(),
                "a paused pipeline gives no job, to this reserve or to the four workers running");
        assertEquals(TaskStatus.QUEUED, app.tasks.getTask(id).status());
        assertEquals(1, app.queue.stats(pipeline).ready());
        browser.screenshot("08-pipeline-paused");

        // The overview marks it too.
        open("/");
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#pipelines tr[data-pipeline='" + pipeline + "'] .badge.paused")));
        browser.screenshot("09-overview-paused");

        // Resume: the badge goes, and the workers run the waiting task.
        open("/pipeline?name=" + pipeline);
        click(By.cssSelector("#pipeline-state button.resume"));
        wait.until(ExpectedConditions.attributeToBe(By.id("pipeline-state"), "data-paused", "false"));
        assertFalse(app.queue.isPaused(pipeline));
        wait.until(d -> app.tasks.getTask(id).status() == TaskStatus.COMPLETED);
        assertEquals(36, app.tasks.getTask(id).resultAs(Integer.class).orElseThrow());
        assertTrue(browser.driver.findElements(By.cssSelector("#pipeline-state .badge.paused")).isEmpty());
        browser.screenshot("10-pipeline-resumed");
    }

    /** Clicks what {@code by} finds, looking it up again if a live refresh replaced it meanwhile. */
    private void click(By by) {
        wait.until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    /** The text of what {@code by} finds once it shows. */
    private String text(By by) {
        return wait.until(d -> {
            String text = d.findElement(by).getText();
            return text.isEmpty() ? null : text;
        });
    }

    private void open(String path) {
        browser.driver.get(app.url(path));
    }

    /** A job in pipeline "mail" buried with a recorded error; markup in both. */
    private long buryMailJob() {
        JobQueue mail = app.queue.selectPipeline("mail").watchPipeline("mail");
        long id = mail.addJob(PAYLOAD, JobOptions.defaults().withPriority(0));
        Job job = mail.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow();
        assertEquals(id, job.id());
        mail.bury(job, job.priority(), ERROR);
        return id;
    }

    private static Path domainFile() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 190; i++) {
            lines.add("host-" + i + ".example.org");
        }
        for (int i = 0; i < 10; i++) {
            lines.add(i % 2 == 0 ? "host-" + i + ".example.org" : "  host-" + i + ".example.org  ");
        }
        Path dir = Files.createDirectories(Path.of("target", "uploads"));
        Path file = dir.resolve("domains.txt");
        Files.write(file, lines);
        return file;
    }
}
