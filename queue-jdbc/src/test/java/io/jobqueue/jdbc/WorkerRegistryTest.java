package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.WorkerInfo;
import io.jobqueue.WorkerRecord;
import io.jobqueue.tck.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry's times come from the backend's clock: when a worker is dead, and when it is forgotten. */
class WorkerRegistryTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private static WorkerInfo worker(String id) {
        return new WorkerInfo(id, "h", 1, List.of("default"), 1, 0, 0, 0, Instant.EPOCH, Duration.ofSeconds(5));
    }

    @Test
    void a_worker_is_dead_after_three_missed_heartbeats_and_forgotten_an_hour_after_its_last() {
        QueueSettings settings = QueueSettings.builder().clock(clock).build();
        try (JobQueue queue = JobQueue.create(JdbcBackend.open(TestDatabases.sqliteFileUrl("registry"), settings),
                settings)) {
            queue.heartbeat(worker("old"));
            clock.advance(Duration.ofSeconds(15));
            assertTrue(queue.listWorkers().get(0).alive(), "three intervals after its heartbeat it is still alive");
            clock.advance(Duration.ofMillis(1));
            WorkerRecord dead = queue.listWorkers().get(0);
            assertFalse(dead.alive(), "a moment later it is dead");
            assertEquals(Instant.parse("2026-01-01T00:00:00Z"), dead.lastSeen());

            clock.set(Instant.parse("2026-01-01T01:00:00Z"));
            queue.heartbeat(worker("new"));
            assertEquals(List.of("new", "old"), ids(queue), "silent for exactly an hour, it is still listed");
            clock.advance(Duration.ofMillis(1));
            queue.heartbeat(worker("new"));
            assertEquals(List.of("new"), ids(queue), "a heartbeat forgets workers silent for longer than an hour");
        }
    }

    private static List<String> ids(JobQueue queue) {
        return queue.listWorkers().stream().map(r -> r.worker().id()).toList();
    }
}
