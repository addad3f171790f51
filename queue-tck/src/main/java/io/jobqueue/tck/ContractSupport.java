package io.jobqueue.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.Capability;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Set-up shared by the contract suite: one queue per test class, a fresh pipeline per test, and helpers.
 * A backend's test extends {@link QueueContract} and says how to open its queue.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ContractSupport {
    private static final AtomicInteger PIPELINES = new AtomicInteger();
    /** Long enough that no reservation expires during a test that does not wait for it. */
    protected static final Duration LONG_TTR = Duration.ofSeconds(60);
    protected static final Duration SHORT_WAIT = Duration.ofMillis(300);

    protected JobQueue queue;

    /** Opens the backend under test with {@code settings}; the suite closes what it opens. */
    protected abstract JobQueue open(QueueSettings settings);

    /**
     * The URL another JVM can connect to this same queue with, for the multi-process test; empty if the queue
     * cannot be shared between processes (the backend then lacks {@link Capability#SHARED_BETWEEN_PROCESSES}).
     */
    protected Optional<String> urlForOtherProcesses() {
        return Optional.empty();
    }

    /** Settings the suite opens the queue with; backends may add options. */
    protected QueueSettings settings() {
        return QueueSettings.builder().pollInterval(Duration.ofMillis(20)).build();
    }

    @BeforeAll
    void openQueue() {
        queue = open(settings());
    }

    @AfterAll
    void closeQueue() {
        if (queue != null) {
            queue.close();
        }
    }

    /** A pipeline name no other test uses, so tests share the backend without seeing each other's jobs. */
    protected static String newPipeline() {
        return "tck-" + PIPELINES.incrementAndGet() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
    }

    /** A view that adds to and reserves from a fresh pipeline. */
    protected JobQueue fresh() {
        String pipeline = newPipeline();
        return queue.selectPipeline(pipeline).watchPipeline(pipeline);
    }

    protected void requires(Capability capability) {
        assumeTrue(queue.capabilities().contains(capability),
                () -> "backend lacks " + capability + ": " + lacking(capability));
    }

    /** Why the backend lacks {@code capability}, for the skip message; a backend's test may say it in its terms. */
    protected String lacking(Capability capability) {
        return describe(capability);
    }

    private static String describe(Capability capability) {
        return switch (capability) {
            case FENCING -> "operations under an expired reservation are not detected";
            case TRANSACTIONAL_ADD -> "jobs cannot join a caller's JDBC transaction";
            case BURY_REASON -> "no place to record why a job was buried";
            case SHARED_BETWEEN_PROCESSES -> "the queue is private to this process";
            case PEEK -> "jobs cannot be read without reserving them";
            case DELETE_BY_ID -> "a job nobody holds cannot be deleted by id";
            case KICK_BY_ID -> "a job cannot be kicked by id";
            case PRIORITY_ORDER -> "reserve does not follow the exact 32-bit priority";
            case RESERVED_COUNT -> "reserved jobs of other processes are not counted";
            case PAUSE -> "no place every process reads to mark a pipeline paused";
            case UNIQUE_JOBS -> "no atomic check of a job's unique key against the jobs queued";
            case LIST_BY_STATE -> "the jobs of a state cannot be read past the next one";
            case WORKER_REGISTRY -> "no place every process reads to record worker processes";
            case SCHEDULES -> "no store where a schedule's next run can be moved conditionally, with its job added"
                    + " in the same step";
            case PIPELINE_LIMITS -> "no count of a pipeline's running jobs that every process's reserve reads";
        };
    }

    protected static Job reserveNow(JobQueue q) {
        return q.getNextJobAndReserve(Duration.ofSeconds(5))
                .orElseThrow(() -> new AssertionError("expected a ready job in " + q.watchedPipelines()));
    }

    protected static JobOptions ttr(Duration ttr) {
        return JobOptions.defaults().withTtr(ttr);
    }

    protected static JobOptions priority(long priority) {
        return JobOptions.defaults().withPriority(priority);
    }

    protected static JobOptions delay(Duration delay) {
        return JobOptions.defaults().withDelay(delay);
    }

    protected static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    protected static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    protected static void assertBetween(long low, long high, long actual, String what) {
        assertTrue(actual >= low && actual <= high, what + ": expected between " + low + " and " + high + ", was "
                + actual);
    }
}
