package io.jobqueue.tasks;

import io.jobqueue.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A worker process of a multi-process test: runs the {@link FanOutDefinitions} on the test's database until
 * the stop file appears, then shuts down gracefully. Arguments: queue url, store url, table prefix, threads, stop
 * file.
 */
public final class TaskWorkerProcess {
    static final String PROBLEM = "PROBLEM ";
    private static final Duration LONGEST = Duration.ofMinutes(5);

    private TaskWorkerProcess() {}

    public static void main(String[] args) throws Exception {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> System.out.println(PROBLEM + t.getName() + ": " + e));
        try (TaskDatabase db = TaskDatabase.attach(args[0], args[1], args[2]);
                TaskManager tasks = FanOutDefinitions.manager(db)) {
            Worker worker = tasks.workerBuilder()
                    .concurrency(Integer.parseInt(args[3]))
                    .backoff(Duration.ofMillis(10), Duration.ofMillis(100))
                    .build();
            worker.start();
            Path stop = Path.of(args[4]);
            long deadline = System.nanoTime() + LONGEST.toNanos();
            while (!Files.exists(stop) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            worker.shutdown();
            if (!worker.awaitTermination(Duration.ofSeconds(60))) {
                System.out.println(PROBLEM + "the worker did not shut down");
            }
        } catch (Exception e) {
            System.out.println(PROBLEM + e);
            throw e;
        }
    }
}
