package io.jobqueue.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.JobQueue;
import io.jobqueue.tck.Await;
import io.jobqueue.worker.Worker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsCommandTest {

    @Test
    void prints_counts_per_pipeline_and_the_live_workers() throws Exception {
        String url = TestFiles.sqliteUrl(TestFiles.freshDir("stats"));
        try (JobQueue queue = JobQueue.connect(url)) {
            queue.selectPipeline("later").addJobs(List.of("a", "b", "c"),
                    io.jobqueue.JobOptions.defaults().withDelay(Duration.ofHours(1)));
            Worker worker = Worker.builder(queue).registerWorker("emails", job -> { }).concurrency(3)
                    .heartbeatInterval(Duration.ofMillis(200)).build();
            worker.start();
            try {
                Await.until("the worker is recorded", Await.PATIENCE, () -> !queue.listWorkers().isEmpty());
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int code = Main.run(new String[] {"stats", "--url", url}, new PrintStream(out, true,
                        StandardCharsets.UTF_8), System.err);
                String printed = out.toString(StandardCharsets.UTF_8);
                assertEquals(0, code, printed);
                assertTrue(printed.matches("(?s).*later\\s+0\\s+3\\s+0\\s+0\\s+3\\n.*"), printed);
                assertTrue(printed.matches("(?s).*" + worker.id() + "\\s+alive\\s+\\S+\\s+"
                        + ProcessHandle.current().pid() + "\\s+\\d/3\\s+0\\s+0\\s+\\d+ s ago\\n.*"), printed);
            } finally {
                worker.close();
            }
            ByteArrayOutputStream after = new ByteArrayOutputStream();
            Main.run(new String[] {"stats", "--url", url}, new PrintStream(after, true, StandardCharsets.UTF_8),
                    System.err);
            assertTrue(after.toString(StandardCharsets.UTF_8).contains("(no worker recorded)"), after::toString);
        }
    }
}
