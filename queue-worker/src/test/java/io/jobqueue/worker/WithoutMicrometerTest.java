package io.jobqueue.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobqueue.JobQueue;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: a worker runs in a class loader that sees the runtime, queue-api,
 * queue-jdbc, SQLite, HikariCP and slf4j, but no Micrometer.
 */
class WithoutMicrometerTest {
    private static final Pattern KEEP = Pattern.compile(
            ".*(queue-api|queue-jdbc|queue-worker|slf4j-api|slf4j-simple|sqlite-jdbc|HikariCP).*");

    @Test
    void a_worker_runs_jobs_without_micrometer_on_the_class_path() throws Exception {
        String url = TestQueues.sqliteUrl("nomicrometer");
        try (URLClassLoader loader = isolated()) {
            @SuppressWarnings("unchecked")
            Function<String, String> run = (Function<String, String>) Class.forName(RunOneJob.class.getName(), true,
                    loader).getConstructor().newInstance();
            assertEquals("no Micrometer; ran hello", run.apply(url));
        }
    }

    /** Runs in the isolated loader: checks Micrometer is absent, then a worker runs one job. */
    public static final class RunOneJob implements Function<String, String> {
        @Override
        public String apply(String url) {
            String micrometer;
            try {
                Class.forName("io.micrometer.core.instrument.MeterRegistry");
                micrometer = "Micrometer present";
            } catch (ClassNotFoundException e) {
                micrometer = "no Micrometer";
            }
            CountDownLatch ran = new CountDownLatch(1);
            StringBuilder payload = new StringBuilder();
            try (JobQueue queue = JobQueue.connect(url)) {
                queue.addJob("hello");
                try (Worker worker = Worker.builder(queue).registerWorker("default", job -> {
                    payload.append(job.payloadAsString());
                    ran.countDown();
                }).concurrency(1, 3).reserveTimeout(Duration.ofMillis(100)).build()) {
                    worker.start();
                    if (!ran.await(30, TimeUnit.SECONDS)) {
                        return micrometer + "; the job did not run";
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            return micrometer + "; ran " + payload;
        }
    }

    private static URLClassLoader isolated() throws Exception {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            if (KEEP.matcher(entry.replace('\\', '/')).matches()) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }
}
