package io.jobqueue.tasks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@link TaskWorkerProcess} JVMs of a multi-process test on one test database: started together, one of them
 * killed with SIGKILL and started again as a supervisor would, and stopped gracefully through a stop file, with
 * every problem they printed collected.
 */
final class WorkerProcesses implements AutoCloseable {
    private final TaskDatabase db;
    private final int threads;
    private final Path stop;
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> outputs = new ArrayList<>();
    private final Map<Process, Path> outputOf = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private boolean stopped;

    private WorkerProcesses(TaskDatabase db, int threads) throws IOException {
        this.db = db;
        this.threads = threads;
        this.stop = Files.createTempFile("jobqueue-tasks-stop-", ".flag");
        Files.delete(stop);
    }

    static WorkerProcesses start(TaskDatabase db, int count, int threads) throws IOException {
        WorkerProcesses all = new WorkerProcesses(db, threads);
        for (int i = 0; i < count; i++) {
            all.processes.add(all.launch());
        }
        return all;
    }

    /** Kills process {@code index} with SIGKILL, waits for it to die, and starts a new one in its place. */
    long killAndRestart(int index) throws Exception {
        Process victim = processes.get(index);
        victim.destroyForcibly(); // SIGKILL on a JVM child: no shutdown hook, no graceful stop
        if (!victim.waitFor(30, TimeUnit.SECONDS)) {
            problems.add("process " + victim.pid() + " did not die after SIGKILL");
        }
        processes.set(index, launch());
        return victim.pid();
    }

    /**
     * True once {@code condition} holds; fails at once, with what the workers printed, if one of them has died
     * (a worker that cannot connect exits), instead of leaving the caller to wait out its whole deadline.
     */
    boolean aliveAnd(BooleanSupplier condition) {
        for (Process p : processes) {
            if (!p.isAlive()) {
                List<String> printed;
                try {
                    printed = Files.readAllLines(outputOf.get(p), StandardCharsets.UTF_8).stream()
                            .filter(l -> l.startsWith(TaskWorkerProcess.PROBLEM)).toList();
                } catch (IOException e) {
                    printed = List.of("(its output could not be read: " + e + ")");
                }
                throw new AssertionError("worker process " + p.pid() + " exited with " + p.exitValue()
                        + " while the test waited: " + printed);
            }
        }
        return condition.getAsBoolean();
    }

    /** Stops every process through the stop file; returns the problems they printed or exit codes they gave. */
    List<String> stop() throws Exception {
        if (stopped) {
            return problems;
        }
        stopped = true;
        Files.createFile(stop);
        for (Process p : processes) {
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                problems.add("process " + p.pid() + " did not stop");
            }
        }
        for (int i = 0; i < outputs.size(); i++) {
            List<String> lines = Files.readAllLines(outputs.get(i), StandardCharsets.UTF_8);
            lines.stream().filter(l -> l.startsWith(TaskWorkerProcess.PROBLEM))
                    .forEach(l -> problems.add("worker output: " + l));
            Files.deleteIfExists(outputs.get(i));
        }
        for (Process p : processes) {
            if (p.exitValue() != 0) {
                problems.add("process " + p.pid() + " exited with " + p.exitValue());
            }
        }
        Files.deleteIfExists(stop);
        return problems;
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    private Process launch() throws IOException {
        Path out = Files.createTempFile("jobqueue-tasks-worker-", ".out");
        outputs.add(out);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                TaskWorkerProcess.class.getName(), db.url, db.storeUrl, db.prefix, Integer.toString(threads), stop.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        outputOf.put(process, out);
        return process;
    }
}
