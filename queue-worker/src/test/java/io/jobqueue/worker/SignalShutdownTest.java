package io.jobqueue.worker;

import static io.jobqueue.worker.TestQueues.PATIENCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.JobQueue;
import io.jobqueue.PipelineStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A real worker process, stopped the way a process manager stops it. */
@Tag("slow")
class SignalShutdownTest {

    @Test
    void sigterm_lets_the_running_job_finish_releases_the_rest_and_leaves_nothing_reserved() throws Exception {
        String url = TestQueues.sqliteUrl("signal");
        Path log = Files.createTempFile(Files.createDirectories(Path.of("target", "worker-logs")), "signal-", ".log");
        try (JobQueue queue = TestQueues.connect(url)) {
            List<Long> ids = queue.selectPipeline("slow").addJobs(IntStream.range(0, 10).boxed().toList());
            Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SignalledWorkerMain.class.getName(), url)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                TestQueues.awaitTrue("the worker starts a job", () -> lines(log).contains("started " + ids.get(0)));
                worker.destroy(); // SIGTERM
                assertTrue(worker.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the worker exits");
            } finally {
                if (worker.isAlive()) {
                    worker.destroyForcibly();
                }
            }

            List<String> output = lines(log);
            List<String> jobLines = output.stream().filter(line -> line.matches("(started|finished) \\d+")).toList();
            assertEquals(List.of("started " + ids.get(0), "finished " + ids.get(0)), jobLines,
                    String.join("\n", output));
            assertTrue(queue.peek(ids.get(0)).isEmpty(), "the running job finished and was deleted");
            PipelineStats stats = queue.stats("slow");
            assertEquals(0, stats.reserved(), "nothing is left reserved");
            assertEquals(9, stats.ready(), "the prefetched jobs were given back");
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
