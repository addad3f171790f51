package io.jobqueue.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Capability;
import io.jobqueue.InvalidInputException;
import io.jobqueue.JobQueue;
import io.jobqueue.WorkerInfo;
import io.jobqueue.WorkerRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The worker registry: heartbeats every process sharing the queue reads back, alive or dead. */
public abstract class WorkersContract extends LimitsContract {

    /** A worker no other test records; tests share the backend, so each looks only for its own ids. */
    protected static WorkerInfo worker(Duration interval, long succeeded) {
        return new WorkerInfo("tck-" + UUID.randomUUID(), "host-a", 4242, List.of(newPipeline(), newPipeline()), 8,
                3, succeeded, 2, Instant.now().truncatedTo(ChronoUnit.MILLIS), interval);
    }

    protected static Optional<WorkerRecord> find(JobQueue q, String id) {
        return q.listWorkers().stream().filter(r -> r.worker().id().equals(id)).findFirst();
    }

    @Nested
    class Workers {
        @Test
        void a_heartbeat_is_read_back_alive_with_everything_it_said() {
            requires(Capability.WORKER_REGISTRY);
            WorkerInfo w = worker(Duration.ofMinutes(1), 17);
            Instant before = Instant.now().minusSeconds(1);
            queue.heartbeat(w);
            WorkerRecord r = find(queue, w.id()).orElseThrow(() -> new AssertionError("worker not listed"));
            assertEquals(w, r.worker());
            assertTrue(r.alive());
            assertFalse(r.lastSeen().isBefore(before), r.lastSeen() + " is before " + before);
            queue.removeWorker(w.id());
        }

        @Test
        void a_later_heartbeat_replaces_the_earlier_one() {
            requires(Capability.WORKER_REGISTRY);
            WorkerInfo first = worker(Duration.ofMinutes(1), 1);
            queue.heartbeat(first);
            WorkerInfo second = new WorkerInfo(first.id(), first.host(), first.pid(), List.of(newPipeline()), 12, 12,
                    500, 9, first.started(), first.heartbeatInterval());
            queue.heartbeat(second);
            List<WorkerRecord> mine = queue.listWorkers().stream().filter(r -> r.worker().id().equals(first.id()))
                    .toList();
            assertEquals(1, mine.size(), mine.toString());
            assertEquals(second, mine.get(0).worker());
            queue.removeWorker(first.id());
        }

        @Test
        void a_removed_worker_is_no_longer_listed_and_removing_an_unknown_one_changes_nothing() {
            requires(Capability.WORKER_REGISTRY);
            WorkerInfo w = worker(Duration.ofMinutes(1), 0);
            WorkerInfo other = worker(Duration.ofMinutes(1), 0);
            queue.heartbeat(w);
            queue.heartbeat(other);
            queue.removeWorker(w.id());
            queue.removeWorker("tck-never-recorded-" + UUID.randomUUID());
            assertEquals(Optional.empty(), find(queue, w.id()));
            assertTrue(find(queue, other.id()).isPresent());
            queue.removeWorker(other.id());
        }

        @Test
        void a_worker_silent_for_three_intervals_is_listed_dead_and_alive_again_after_a_heartbeat() {
            requires(Capability.WORKER_REGISTRY);
            WorkerInfo w = worker(Duration.ofMillis(100), 0);
            queue.heartbeat(w);
            Await.until("the silent worker is listed dead", Duration.ofSeconds(10),
                    () -> !find(queue, w.id()).orElseThrow().alive());
            WorkerRecord dead = find(queue, w.id()).orElseThrow();
            assertTrue(dead.worker().deadAfter().equals(Duration.ofMillis(300)));
            queue.heartbeat(w);
            assertTrue(find(queue, w.id()).orElseThrow().alive(), "a fresh heartbeat makes it alive");
            queue.removeWorker(w.id());
        }

        @Test
        void alive_workers_are_listed_before_dead_ones() {
            requires(Capability.WORKER_REGISTRY);
            WorkerInfo dead = worker(Duration.ofMillis(50), 0);
            queue.heartbeat(dead);
            Await.until("the worker is dead", Duration.ofSeconds(10), () -> !find(queue, dead.id()).orElseThrow().alive());
            WorkerInfo alive = worker(Duration.ofMinutes(1), 0);
            queue.heartbeat(alive);
            List<String> order = queue.listWorkers().stream().map(r -> r.worker().id())
                    .filter(id -> id.equals(dead.id()) || id.equals(alive.id())).toList();
            assertEquals(List.of(alive.id(), dead.id()), order);
            queue.removeWorker(dead.id());
            queue.removeWorker(alive.id());
        }

        @Test
        void another_queue_on_the_same_backend_sees_the_heartbeat() {
            requires(Capability.WORKER_REGISTRY);
            requires(Capability.SHARED_BETWEEN_PROCESSES);
            WorkerInfo w = worker(Duration.ofMinutes(1), 5);
            queue.heartbeat(w);
            try (JobQueue other = open(settings())) {
                assertEquals(w, find(other, w.id()).orElseThrow().worker());
                other.removeWorker(w.id());
            }
            assertEquals(Optional.empty(), find(queue, w.id()));
        }

        @Test
        void bad_worker_descriptions_are_refused_before_anything_is_recorded() {
            Instant now = Instant.now();
            Duration second = Duration.ofSeconds(1);
            List<Executable> bad = List.of(
                    () -> new WorkerInfo("", "h", 1, List.of(), 1, 0, 0, 0, now, second),
                    () -> new WorkerInfo("x".repeat(WorkerInfo.MAX_ID_LENGTH + 1), "h", 1, List.of(), 1, 0, 0, 0, now,
                            second),
                    () -> new WorkerInfo("id", " ", 1, List.of(), 1, 0, 0, 0, now, second),
                    () -> new WorkerInfo("id", "h", -1, List.of(), 1, 0, 0, 0, now, second),
                    () -> new WorkerInfo("id", "h", 1, List.of("a b"), 1, 0, 0, 0, now, second),
                    () -> new WorkerInfo("id", "h", 1, List.of(), 1, 2, 0, 0, now, second),
                    () -> new WorkerInfo("id", "h", 1, List.of(), 1, 0, -1, 0, now, second),
                    () -> new WorkerInfo("id", "h", 1, List.of(), 1, 0, 0, 0, now, Duration.ZERO),
                    () -> queue.heartbeat(null),
                    () -> queue.removeWorker(" "));
            for (Executable call : bad) {
                assertThrows(InvalidInputException.class, call);
            }
        }

        @Test
        void the_registry_works_exactly_when_declared_and_is_otherwise_refused() {
            WorkerInfo w = worker(Duration.ofMinutes(1), 0);
            if (queue.capabilities().contains(Capability.WORKER_REGISTRY)) {
                queue.heartbeat(w);
                assertTrue(find(queue, w.id()).isPresent());
                queue.removeWorker(w.id());
                return;
            }
            for (Executable call : List.<Executable>of(() -> queue.heartbeat(w), () -> queue.removeWorker(w.id()),
                    queue::listWorkers)) {
                InvalidInputException e = assertThrows(InvalidInputException.class, call);
                assertTrue(e.getMessage().contains("WORKER_REGISTRY"), e.getMessage());
            }
        }
    }
}
