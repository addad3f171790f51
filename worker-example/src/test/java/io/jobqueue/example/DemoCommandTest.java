package io.jobqueue.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.JobQueue;
import io.jobqueue.PipelineStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void demo_completes_every_job_and_leaves_none_reserved() throws Exception {
        Path dir = TestFiles.freshDir("demo");
        String url = TestFiles.sqliteUrl(dir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long start = System.nanoTime();
        int code = Main.run(new String[] {"demo", "--url", url, "--out", dir.resolve("out").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;

        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        assertTrue(seconds < 45, "the demo took " + seconds + " s");
        assertTrue(printed.contains("done=35/35"), printed);
        try (JobQueue queue = JobQueue.connect(url)) {
            PipelineStats domains = queue.stats("domains");
            PipelineStats emails = queue.stats("emails");
            assertEquals(0, domains.reserved() + emails.reserved(), printed);
            assertEquals(0, domains.ready() + domains.delayed() + emails.ready() + emails.delayed(), printed);
            assertEquals(1, domains.buried(), "the line that is not a domain name");
            assertEquals(1, emails.buried(), "the email without a valid address");
        }
        assertEquals(26, Files.readAllLines(dir.resolve("out").resolve(SampleHandlers.DEFAULT_RESULTS)).size());
        try (Stream<Path> sent = Files.list(dir.resolve("out").resolve(SampleHandlers.DEFAULT_OUTBOX))) {
            assertEquals(7, sent.filter(p -> p.toString().endsWith(".eml")).count());
        }
    }

    @Test
    void demo_runs_again_from_scratch_on_the_same_file() throws Exception {
        Path dir = TestFiles.freshDir("demo-twice");
        String[] args = {"demo", "--url", TestFiles.sqliteUrl(dir), "--out", dir.resolve("out").toString()};
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(args, quiet, System.err));
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        assertEquals(0, Main.run(args, new PrintStream(second, true, StandardCharsets.UTF_8), System.err));
        assertTrue(second.toString(StandardCharsets.UTF_8).contains("added 27 domain jobs"), second::toString);
    }
}
