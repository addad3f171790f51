package io.jobqueue.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.InvalidInputException;
import io.jobqueue.JobQueue;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {
    private static final JobHandler NOTHING = job -> { };
    private final JobQueue queue = TestQueues.sqlite("settings");

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                bad("concurrency", b -> b.concurrency(0)),
                bad("concurrency min must be between 1", b -> b.concurrency(0, 5)),
                bad("concurrency max must be between 5", b -> b.concurrency(5, 3)),
                bad("poolIdleTimeout", b -> b.concurrency(1, 5).poolIdleTimeout(Duration.ZERO)),
                bad("depthSampleInterval", b -> b.depthSampleInterval(Duration.ofMillis(1))),
                bad("maxAttempts", b -> b.maxAttempts(0)),
                bad("backoff initial delay", b -> b.backoff(Duration.ZERO, Duration.ofSeconds(1))),
                bad("backoff initial delay", b -> b.backoff(null, Duration.ofSeconds(1))),
                bad("backoff max delay", b -> b.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))),
                bad("reconnectBackoff initial delay", b -> b.reconnectBackoff(Duration.ofMillis(-1), Duration.ZERO)),
                bad("shutdownTimeout", b -> b.shutdownTimeout(Duration.ofSeconds(-1))),
                bad("shutdownTimeout", b -> b.shutdownTimeout(null)),
                bad("reserveTimeout", b -> b.reserveTimeout(Duration.ZERO)),
                bad("reserveTimeout", b -> b.reserveTimeout(Duration.ofHours(1))),
                bad("batchSize", b -> b.batchSize(0)),
                bad("reserveThreads", b -> b.reserveThreads(0)),
                bad("stallTimeout", b -> b.stallTimeout(Duration.ZERO)),
                bad("healthPort", b -> b.healthPort(70_000)),
                bad("healthPort", b -> b.healthPort(-2)),
                bad("registerWorker: illegal pipeline name", b -> b.registerWorker("bad name", NOTHING)),
                bad("registerWorker: the handler for pipeline 'other' must not be null",
                        b -> b.registerWorker("other", null)),
                bad("registerWorker: pipeline 'jobs' already has a handler", b -> b.registerWorker("jobs", NOTHING)));
    }

    private static Arguments bad(String message, UnaryOperator<Worker.Builder> setting) {
        return Arguments.of(message, setting);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void build_refuses_a_bad_setting_with_a_message_naming_it(String message, UnaryOperator<Worker.Builder> setting) {
        Worker.Builder builder = setting.apply(Worker.builder(queue).registerWorker("jobs", NOTHING));
        InvalidInputException e = assertThrows(InvalidInputException.class, builder::build);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void build_refuses_a_worker_without_pipelines() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Worker.builder(queue).build());
        assertTrue(e.getMessage().contains("registerWorker"), e.getMessage());
    }

    @Test
    void build_reports_every_bad_setting_at_once() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Worker.builder(queue)
                .registerWorker("jobs", NOTHING).concurrency(-1).batchSize(-1).maxAttempts(-1).build());
        assertTrue(e.getMessage().contains("concurrency"), e.getMessage());
        assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
        assertTrue(e.getMessage().contains("maxAttempts"), e.getMessage());
    }

    @Test
    void defaults_are_valid_and_stats_start_at_zero() {
        Worker worker = Worker.builder(queue).registerWorker("jobs", NOTHING).build();
        assertEquals(new WorkerStats(0, 0, 0, 0, 0, 0, 0, Worker.DEFAULT_CONCURRENCY, 0), worker.stats());
        worker.close();
    }

    @Test
    void the_longest_shutdown_adds_the_reserve_timeout_and_the_fixed_margins_to_the_shutdown_timeout() {
        Worker worker = Worker.builder(queue).registerWorker("jobs", NOTHING)
                .shutdownTimeout(Duration.ofSeconds(20)).reserveTimeout(Duration.ofSeconds(3)).build();
        assertEquals(Duration.ofSeconds(20 + 3 + 16), worker.longestShutdown());
        worker.close();
    }
}
