package io.jobqueue.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.spi.Capability;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Many threads, and many processes, reserving from one pipeline: each job handed out once, deleted once. */
public abstract class ConcurrencyContract extends ContractSupport {
    private static final int JOBS = 600;
    private static final int THREADS = 8;

    @Nested
    class Concurrency {
        @Test
        void each_job_goes_to_exactly_one_of_many_threads() throws Exception {
            drainWithThreads(1);
        }

        @Test
        void batch_reserves_from_many_threads_never_overlap() throws Exception {
            drainWithThreads(5);
        }

        @Test
        void each_job_goes_to_exactly_one_of_several_processes() throws Exception {
            requires(Capability.SHARED_BETWEEN_PROCESSES);
            String url = urlForOtherProcesses().orElse(null);
            assumeTrue(url != null, "no URL for other processes");
            JobQueue q = fresh();
            int jobs = 1_500;
            for (int from = 0; from < jobs; from += 500) {
                q.addJobs(IntStream.range(from, from + 500).mapToObj(i -> "job " + i).toList(), ttr(LONG_TTR));
            }
            List<Process> processes = new ArrayList<>();
            List<Path> outputs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Path out = Files.createTempFile("jobqueue-drain-", ".out");
                outputs.add(out);
                processes.add(new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                        DrainProcess.class.getName(), url, q.selectedPipeline(), "4")
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start());
            }
            List<Long> reserved = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < processes.size(); i++) {
                Process p = processes.get(i);
                boolean exited = p.waitFor(3, TimeUnit.MINUTES);
                if (!exited) {
                    p.destroyForcibly();
                }
                List<String> lines = Files.readAllLines(outputs.get(i), StandardCharsets.UTF_8);
                Files.deleteIfExists(outputs.get(i));
                for (String line : lines) {
                    if (line.startsWith(DrainProcess.RESERVED)) {
                        reserved.add(Long.parseLong(line.substring(DrainProcess.RESERVED.length())));
                    } else if (line.startsWith(DrainProcess.PROBLEM)) {
                        problems.add("process " + i + ": " + line);
                    }
                }
                assertTrue(exited, "process " + i + " did not finish");
                assertEquals(0, p.exitValue(), "process " + i + " exit code; output: " + tail(lines));
            }
            assertEquals(List.of(), problems);
            Map<Long, Long> counts = QueueContract.countById(reserved);
            assertEquals(Collections.emptySet(), QueueContract.repeated(counts), "jobs handed out more than once");
            assertEquals(jobs, counts.size(), "distinct jobs reserved");
            assertEquals(0, q.stats().total(), "jobs left");
        }
    }

    private void drainWithThreads(int batch) throws Exception {
        JobQueue q = fresh();
        List<Long> ids = q.addJobs(IntStream.range(0, JOBS).mapToObj(i -> "job " + i).toList(), ttr(LONG_TTR));
        ConcurrentLinkedQueue<Long> reserved = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> deleted = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                deleted.add(pool.submit(() -> {
                    int count = 0;
                    while (true) {
                        List<Job> jobs = q.reserveJobs(batch, Duration.ofMillis(200));
                        if (jobs.isEmpty()) {
                            return count;
                        }
                        for (Job job : jobs) {
                            reserved.add(job.id());
                            q.delete(job);
                            count++;
                        }
                    }
                }));
            }
            int total = 0;
            for (Future<Integer> f : deleted) {
                total += f.get(3, TimeUnit.MINUTES);
            }
            Map<Long, Long> counts = QueueContract.countById(new ArrayList<>(reserved));
            assertEquals(Collections.emptySet(), QueueContract.repeated(counts), "jobs handed out more than once");
            assertEquals(new java.util.HashSet<>(ids), counts.keySet());
            assertEquals(JOBS, total, "deletes that succeeded");
            assertEquals(0, q.stats().total(), "jobs left");
        } finally {
            pool.shutdownNow();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    static List<String> readLines(Process p) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }
}
