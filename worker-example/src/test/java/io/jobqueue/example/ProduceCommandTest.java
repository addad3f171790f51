package io.jobqueue.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProduceCommandTest {

    @Test
    void file_producer_adds_one_job_per_distinct_line_in_order() throws Exception {
        Path dir = TestFiles.freshDir("produce-file");
        Path file = dir.resolve("domains.txt");
        Files.writeString(file, String.join("\n",
                "# a comment",
                "example.com",
                "",
                "   ",
                "  example.org  ",
                "example.com",
                "\t# an indented comment",
                "localhost",
                "example.org",
                "last.example"), StandardCharsets.UTF_8);
        String url = TestFiles.sqliteUrl(dir);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"produce", "--url", url, "--pipeline", "domains", "--file", file.toString(),
                "--batch-size", "2"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertEquals(0, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("added 4 jobs to pipeline domains"), out::toString);
        try (JobQueue queue = JobQueue.connect(url)) {
            assertEquals(4, queue.stats("domains").ready());
            assertEquals(List.of("example.com", "example.org", "localhost", "last.example"),
                    reserveAllPayloads(queue.watchPipeline("domains")));
        }
    }

    @Test
    void count_producer_adds_sample_emails_with_the_given_ttr() throws Exception {
        Path dir = TestFiles.freshDir("produce-count");
        String url = TestFiles.sqliteUrl(dir);

        int code = Main.run(new String[] {"produce", "--url", url, "--pipeline", "emails", "--count", "25",
                "--ttr", "7"}, System.out, System.err);

        assertEquals(0, code);
        try (JobQueue queue = JobQueue.connect(url)) {
            Job job = queue.watchPipeline("emails").getNextJobAndReserve(Duration.ZERO).orElseThrow();
            assertEquals(Duration.ofSeconds(7), job.ttr());
            assertEquals("user0@example.com", EmailHandler.parse(job.payload()).to());
            assertEquals(24, queue.stats("emails").ready());
        }
    }

    @Test
    void produce_without_count_or_file_is_a_usage_error() {
        assertEquals(2, Main.run(new String[] {"produce", "--pipeline", "domains"}, System.out,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }

    @Test
    void domain_list_trims_and_skips_blank_comment_and_repeated_lines() {
        assertEquals(List.of("a.example", "b.example"),
                DomainList.parse(List.of(" a.example ", "#b.example", "", "b.example", "a.example", "  # x")));
    }

    private static List<String> reserveAllPayloads(JobQueue queue) {
        List<String> payloads = new ArrayList<>();
        Optional<Job> job;
        while ((job = queue.getNextJobAndReserve(Duration.ZERO)).isPresent()) {
            payloads.add(job.get().payloadAsString());
            queue.delete(job.get());
        }
        return payloads;
    }
}
