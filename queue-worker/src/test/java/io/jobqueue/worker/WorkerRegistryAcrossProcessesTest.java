package io.jobqueue.worker;

import static io.jobqueue.worker.TestQueues.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.WorkerRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three worker processes record heartbeats; one is killed with SIGKILL and is listed dead while the others stay
 * alive; the two that then stop on SIGTERM remove themselves.
 */
@Tag("slow")
class WorkerRegistryAcrossProcessesTest {
    private static final long INTERVAL_MS = 300;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void a_killed_worker_is_listed_dead_and_workers_that_stop_cleanly_are_removed(String database) throws Exception {
        try (TestDatabase db = new TestDatabase(database)) {
            List<Process> processes = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Path log = Files.createTempFile("jobqueue-heartbeat-", ".log");
                    logs.add(log);
                    processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                            HeartbeatWorkerMain.class.getName(), db.url, "registry", db.table,
                            Long.toString(INTERVAL_MS)).redirectErrorStream(true).redirectOutput(log.toFile()).start());
                }
                awaitTrue("three workers are listed alive", () -> db.queue.listWorkers().stream()
                        .filter(WorkerRecord::alive).count() == 3);
                awaitTrue("each process printed its id", () -> logs.stream().allMatch(l -> idPrinted(l).isPresent()));
                Map<Long, WorkerRecord> byPid = db.queue.listWorkers().stream()
                        .collect(Collectors.toMap(r -> r.worker().pid(), Function.identity()));
                for (Process p : processes) {
                    WorkerRecord r = byPid.get(p.pid());
                    assertTrue(r != null, "process " + p.pid() + " is listed: " + byPid.keySet());
                    assertEquals(List.of("registry"), r.worker().pipelines());
                    assertEquals(2, r.worker().handlers());
                    assertEquals(idPrinted(logs.get(processes.indexOf(p))), Optional.of(r.worker().id()));
                }

                Process killed = processes.get(1);
                killed.destroyForcibly(); // SIGKILL: no shutdown hook runs, the record stays behind
                assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
                awaitTrue("the killed worker is listed dead", () -> !record(db, killed.pid()).orElseThrow().alive());
                assertTrue(record(db, processes.get(0).pid()).orElseThrow().alive());
                assertTrue(record(db, processes.get(2).pid()).orElseThrow().alive());

                for (Process p : List.of(processes.get(0), processes.get(2))) {
                    p.destroy(); // SIGTERM: a graceful shutdown, which removes the record
                    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "process " + p.pid() + " stops on SIGTERM");
                    assertEquals(Optional.empty(), record(db, p.pid()), "a worker that stops cleanly removes itself");
                }
                List<WorkerRecord> left = db.queue.listWorkers();
                assertEquals(1, left.size(), left.toString());
                assertEquals(killed.pid(), left.get(0).worker().pid());
            } finally {
                processes.forEach(Process::destroyForcibly);
                for (Path log : logs) {
                    Files.deleteIfExists(log);
                }
            }
        }
    }

    private static Optional<WorkerRecord> record(TestDatabase db, long pid) {
        return db.queue.listWorkers().stream().filter(r -> r.worker().pid() == pid).findFirst();
    }

    private static Optional<String> idPrinted(Path log) {
        try {
            return lines(log).stream().filter(l -> l.startsWith("worker "))
                    .map(l -> l.substring("worker ".length())).findFirst();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path log) throws java.io.IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }
}
