package io.jobqueue.jdbc;

import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A process for {@link UniqueAcrossProcessesTest}: waits for the file {@code args[3]} to exist (so every process
 * starts adding at once), then 8 threads each add one job with key {@code k<round>} to pipeline {@code args[1]}
 * for every round up to {@code args[2]} (held while queued or running in even rounds, for an hour in odd ones), printing {@code id <round> <id>} per add, and {@code problem …} on any
 * exception.
 */
public final class UniqueAddMain {
    private UniqueAddMain() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[2]);
        Path go = Path.of(args[3]);
        try (JobQueue queue = JobQueue.connect(args[0])) {
            JobQueue q = queue.selectPipeline(args[1]);
            while (!Files.exists(go)) {
                Thread.onSpinWait();
            }
            ExecutorService threads = Executors.newFixedThreadPool(8);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(threads.submit(() -> {
                    List<String> lines = new ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        JobOptions unique = round % 2 == 0 ? JobOptions.defaults().withUniqueKey("k" + round)
                                : JobOptions.defaults().withUniqueKeyFor("k" + round, Duration.ofHours(1));
                        long id = q.addJob("round " + round, unique);
                        lines.add("id " + round + " " + id);
                    }
                    return lines;
                }));
            }
            for (Future<List<String>> f : results) {
                try {
                    f.get().forEach(System.out::println);
                } catch (Exception e) {
                    System.out.println("problem " + e.getCause());
                }
            }
            threads.shutdown();
        }
    }
}
