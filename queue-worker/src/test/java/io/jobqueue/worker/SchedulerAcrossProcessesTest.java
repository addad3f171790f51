package io.jobqueue.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.QueueSettings;
import io.jobqueue.Recurrence;
import io.jobqueue.Schedule;
import io.jobqueue.tck.Await;
import io.jobqueue.tck.QueueTables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 3 JVM processes each run a worker with the scheduler on one database, and a one-second schedule runs for 30
 * seconds: 30 jobs are enqueued (one either way at the window's edges), each occurrence time once, each job by
 * exactly one process. The processes start before the schedule is created and stop after it is removed, so the
 * window is set by the schedule's own times.
 */
@Tag("slow")
class SchedulerAcrossProcessesTest {
    private static final int PROCESSES = 3;
    private static final int OCCURRENCES = 30;
    private static final long POLL_MILLIS = 200;

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void three_schedulers_enqueue_each_occurrence_of_a_one_second_schedule_once(String database) throws Exception {
        String url = database.equals("postgresql") ? env("JOBQUEUE_TEST_POSTGRES_URL", TestDatabase.POSTGRES_DEFAULT)
                : env("JOBQUEUE_TEST_MYSQL_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");
        String table = "jqs" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL) + "_jobs";
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try (JobQueue queue = JobQueue.connect(url, QueueSettings.builder().option("table", table).build())) {
            for (int i = 0; i < PROCESSES; i++) {
                Path out = Files.createTempFile("jobqueue-scheduler-", ".out");
                outputs.add(out);
                processes.add(new ProcessBuilder(javaBinary(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                        SchedulerProcess.class.getName(), url, table, String.valueOf(POLL_MILLIS))
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start());
            }
            for (Path out : outputs) {
                Await.until(out + " says ready", Duration.ofSeconds(60), () -> lines(out).contains(SchedulerProcess.READY));
            }

            Schedule schedule = queue.schedule("every-second", Recurrence.every(Duration.ofSeconds(1)), "ticks", "tick");
            Instant first = schedule.nextRunAt();
            Instant last = first.plusSeconds(OCCURRENCES - 1);
            // The window is the test itself: the schedule runs from its first occurrence until half a second after
            // the 30th, when it is removed.
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), last.plusMillis(500)).toMillis()));
            assertTrue(queue.removeSchedule("every-second"));

            List<String> problems = new ArrayList<>();
            for (int i = 0; i < PROCESSES; i++) {
                stop(processes.get(i));
                if (!processes.get(i).waitFor(60, TimeUnit.SECONDS)) {
                    problems.add("process " + i + " did not stop within 60 s");
                } else if (processes.get(i).exitValue() != 0) {
                    problems.add("process " + i + " exited with " + processes.get(i).exitValue() + ": "
                            + lines(outputs.get(i)));
                }
            }
            Map<Instant, Integer> byTime = new HashMap<>();
            List<Long> jobIds = new ArrayList<>();
            int[] perProcess = new int[PROCESSES];
            for (int i = 0; i < PROCESSES; i++) {
                for (String line : lines(outputs.get(i))) {
                    if (line.startsWith(SchedulerProcess.OCCURRENCE)) {
                        String[] parts = line.substring(SchedulerProcess.OCCURRENCE.length()).split(" ");
                        byTime.merge(Instant.ofEpochMilli(Long.parseLong(parts[1])), 1, Integer::sum);
                        jobIds.add(Long.parseLong(parts[2]));
                        perProcess[i]++;
                    } else if (line.startsWith(SchedulerProcess.PROBLEM)) {
                        problems.add("process " + i + ": " + line);
                    }
                }
            }
            String summary = "occurrences per process " + java.util.Arrays.toString(perProcess) + ", times "
                    + new java.util.TreeMap<>(byTime);
            assertEquals(List.of(), problems);
            assertEquals(Map.of(), Map.copyOf(filterRepeated(byTime)), "occurrence times enqueued twice; " + summary);
            int count = jobIds.size();
            assertTrue(count >= OCCURRENCES - 1 && count <= OCCURRENCES + 1,
                    "30 occurrences, ±1 for the window's edges (the first may be found late, the removal may come"
                            + " after the 31st): got " + count + "; " + summary);
            for (Instant t : byTime.keySet()) {
                long offset = Duration.between(first, t).toMillis();
                assertTrue(offset >= 0 && offset % 1000 == 0 && offset <= OCCURRENCES * 1000L,
                        t + " is not one of the schedule's times from " + first);
            }
            List<Job> jobs = queue.listJobs("ticks", JobState.READY, 0, 1000);
            Set<Long> inQueue = new HashSet<>();
            jobs.forEach(job -> inQueue.add(job.id()));
            assertEquals(count, jobs.size(), "jobs in the pipeline, one per occurrence reported");
            assertEquals(inQueue, new HashSet<>(jobIds), "the jobs the processes reported are the jobs queued");
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
            }
            for (Path out : outputs) {
                Files.deleteIfExists(out);
            }
            drop(url, table);
        }
    }

    private static Map<Instant, Integer> filterRepeated(Map<Instant, Integer> byTime) {
        Map<Instant, Integer> repeated = new HashMap<>();
        byTime.forEach((t, n) -> {
            if (n > 1) {
                repeated.put(t, n);
            }
        });
        return repeated;
    }

    private static void stop(Process p) throws IOException {
        if (p.isAlive()) {
            OutputStream in = p.getOutputStream();
            in.write((SchedulerProcess.STOP + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
    }

    private static List<String> lines(Path out) {
        try {
            return Files.readAllLines(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void drop(String url, String table) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            QueueTables.dropIfExist(s, table);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
