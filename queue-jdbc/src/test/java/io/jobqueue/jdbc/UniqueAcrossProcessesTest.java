package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.JobQueue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 3 JVM processes x 8 threads add the same unique key at once, for 50 keys in turn (half held while queued or
 * running, half for a period): every add of a key returns the same id, and the pipeline holds one job per key.
 */
@Tag("slow")
class UniqueAcrossProcessesTest {
    private static final int ROUNDS = 50;

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void one_job_per_key_however_many_processes_add_it_at_once(String database) throws Exception {
        String url = database.equals("postgresql") ? TestDatabases.postgresUrl() : TestDatabases.mysqlUrl();
        String pipeline = "unique-" + Long.toHexString(System.nanoTime());
        Path go = Files.createTempFile("jobqueue-unique-go-", ".flag");
        Files.delete(go);
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try (JobQueue queue = JobQueue.connect(url)) {
            for (int i = 0; i < 3; i++) {
                Path out = Files.createTempFile("jobqueue-unique-", ".out");
                outputs.add(out);
                processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m", "-cp", System.getProperty("java.class.path"), UniqueAddMain.class.getName(), url,
                        pipeline, Integer.toString(ROUNDS), go.toString())
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start());
            }
            Files.createFile(go);
            Map<Integer, Set<Long>> idsPerRound = new HashMap<>();
            List<String> problems = new ArrayList<>();
            int adds = 0;
            for (int i = 0; i < 3; i++) {
                Process p = processes.get(i);
                assertTrue(p.waitFor(3, TimeUnit.MINUTES), "process " + p.pid() + " finished");
                for (String line : Files.readAllLines(outputs.get(i), StandardCharsets.UTF_8)) {
                    if (line.startsWith("id ")) {
                        String[] f = line.split(" ");
                        idsPerRound.computeIfAbsent(Integer.parseInt(f[1]), r -> new HashSet<>())
                                .add(Long.parseLong(f[2]));
                        adds++;
                    } else if (line.startsWith("problem") || line.contains("Exception")) {
                        problems.add(line);
                    }
                }
                assertEquals(0, p.exitValue(), "process " + p.pid() + " exit");
            }
            assertEquals(List.of(), problems);
            assertEquals(3 * 8 * ROUNDS, adds, "every add returned an id");
            for (int round = 0; round < ROUNDS; round++) {
                assertEquals(1, idsPerRound.get(round).size(), "ids returned for key k" + round);
            }
            assertEquals(ROUNDS, queue.stats(pipeline).total(), "one job per key");
            JobQueue q = queue.watchPipeline(pipeline);
            q.deleteAll(q.reserveJobs(ROUNDS, java.time.Duration.ofSeconds(5)));
            assertEquals(0, queue.stats(pipeline).total(), "the test leaves nothing behind");
        } finally {
            processes.forEach(Process::destroyForcibly);
            for (Path out : outputs) {
                Files.deleteIfExists(out);
            }
            Files.deleteIfExists(go);
        }
    }
}
