package io.jobqueue.tck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Drains a pipeline with several JVM processes running {@link DrainProcess}, and gathers what they reserved
 * and every problem they met. The child JVMs get this JVM's class path, so they find the same backends.
 *
 * @param reserved the id of every reservation, from all processes (a repeat is a job handed out twice)
 * @param problems every failure a process reported, and every process that did not exit cleanly
 */
public record ProcessDrain(List<Long> reserved, List<String> problems) {

    public static ProcessDrain run(String url, String pipeline, int processes, int threadsEach)
            throws IOException, InterruptedException {
        List<Process> started = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            Path out = Files.createTempFile("jobqueue-drain-", ".out");
            outputs.add(out);
            started.add(new ProcessBuilder(javaBinary(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    DrainProcess.class.getName(), url, pipeline, String.valueOf(threadsEach))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start());
        }
        List<Long> reserved = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < started.size(); i++) {
            Process p = started.get(i);
            boolean exited = p.waitFor(5, TimeUnit.MINUTES);
            if (!exited) {
                p.destroyForcibly();
                problems.add("process " + i + " did not finish within 5 minutes");
            }
            List<String> lines = Files.readAllLines(outputs.get(i), StandardCharsets.UTF_8);
            Files.deleteIfExists(outputs.get(i));
            for (String line : lines) {
                if (line.startsWith(DrainProcess.RESERVED)) {
                    reserved.add(Long.parseLong(line.substring(DrainProcess.RESERVED.length())));
                } else if (line.startsWith(DrainProcess.PROBLEM)) {
                    problems.add("process " + i + ": " + line);
                }
            }
            if (exited && p.exitValue() != 0) {
                problems.add("process " + i + " exited with " + p.exitValue() + ": "
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
            }
        }
        return new ProcessDrain(reserved, problems);
    }

    /** Ids reserved more than once. */
    public Set<Long> repeated() {
        return countById().entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    public Set<Long> distinct() {
        return countById().keySet();
    }

    private Map<Long, Long> countById() {
        return reserved.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
