package io.jobqueue.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the workers' {@code --record} files say: one line {@code <jobId> <reserves> <process name>} per job a
 * handler finished, one file per process.
 */
final class HandledJobs {
    /** One record line. */
    record Handled(long jobId, int reserves, String worker) {}

    private final Path dir;

    HandledJobs(Path dir) {
        this.dir = dir;
    }

    List<Handled> all() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".txt")).sorted().flatMap(HandledJobs::lines).toList();
        }
    }

    /** For each job id, the highest reservation count any handler saw it with. */
    Map<Long, Integer> maxReservesById() throws IOException {
        Map<Long, Integer> max = new HashMap<>();
        for (Handled h : all()) {
            max.merge(h.jobId(), h.reserves(), Math::max);
        }
        return max;
    }

    /** How many jobs each worker process handled. */
    Map<String, Long> countByWorker() throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        for (Handled h : all()) {
            counts.merge(h.worker(), 1L, Long::sum);
        }
        return counts;
    }

    long count() throws IOException {
        return all().size();
    }

    private static Stream<Handled> lines(Path file) {
        try {
            // A worker killed mid-write may leave a partial last line; only whole lines count.
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(line -> line.strip().split(" "))
                    .filter(parts -> parts.length == 3 && parts[0].matches("\\d+") && parts[1].matches("\\d+"))
                    .map(parts -> new Handled(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), parts[2]));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
