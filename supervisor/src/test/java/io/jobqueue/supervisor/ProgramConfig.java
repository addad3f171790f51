package io.jobqueue.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shipped program config ({@code supervisor/conf/jobqueue-workers.conf}) read as sections of settings, and
 * one of its programs rendered for this machine: the built jar instead of {@code /opt/jobqueue}, a test
 * directory instead of {@code /var/lib/jobqueue} and {@code /var/log/jobqueue}, this JVM's java, a number of
 * processes, other pipelines and extra worker arguments. Every other setting (stop signal and wait, restart,
 * start seconds, process names, log rotation) stays as shipped.
 */
final class ProgramConfig {
    static final String SHIPPED_JAR = "/opt/jobqueue/worker-example.jar";
    static final String SHIPPED_DATA = "/var/lib/jobqueue";
    static final String SHIPPED_LOGS = "/var/log/jobqueue";

    private final Map<String, Map<String, String>> sections;

    private ProgramConfig(Map<String, Map<String, String>> sections) {
        this.sections = sections;
    }

    static ProgramConfig read(Path file) throws IOException {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = new LinkedHashMap<>();
                sections.put(line.substring(1, line.length() - 1).strip(), current);
            } else if (current != null && line.indexOf('=') > 0) {
                int eq = line.indexOf('=');
                current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            } else {
                throw new IOException(file + ": cannot read line '" + raw + "'");
            }
        }
        return new ProgramConfig(sections);
    }

    Map<String, Map<String, String>> sections() {
        return sections;
    }

    Map<String, String> program(String name) {
        Map<String, String> program = sections.get("program:" + name);
        if (program == null) {
            throw new IllegalArgumentException("no [program:" + name + "] in the shipped config; it has "
                    + sections.keySet());
        }
        return program;
    }

    /** The worker's arguments in a program's command: the words after the jar. */
    static List<String> workerArguments(Map<String, String> program) {
        List<String> words = Arrays.asList(program.get("command").split("\\s+"));
        return words.subList(words.indexOf(SHIPPED_JAR) + 1, words.size());
    }

    /** The value of {@code --name} in a program's command. */
    static String workerOption(Map<String, String> program, String name) {
        List<String> args = workerArguments(program);
        int at = args.indexOf("--" + name);
        if (at < 0 || at + 1 >= args.size()) {
            throw new IllegalArgumentException("the command has no --" + name + ": " + program.get("command"));
        }
        return args.get(at + 1);
    }

    /**
     * {@code [program:<template>]} as {@code [program:<name>]}, rendered for this machine.
     *
     * @param jvmOptions words put between java and {@code -jar}, after the shipped ones
     * @param pipelines the value of {@code --pipelines}
     * @param extraArguments words appended to the worker's arguments
     */
    String render(String template, String name, int numprocs, Path jar, Path java, Path data, Path logs,
            List<String> jvmOptions, String pipelines, List<String> extraArguments) {
        Map<String, String> program = new LinkedHashMap<>(program(template));
        List<String> command = new ArrayList<>(Arrays.asList(program.get("command").split("\\s+")));
        if (!command.get(0).equals("java") || !command.contains(SHIPPED_JAR) || !command.contains("--pipelines")) {
            throw new IllegalArgumentException("unexpected shipped command: " + program.get("command"));
        }
        command.set(0, java.toString());
        command.addAll(command.indexOf("-jar"), jvmOptions);
        command.set(command.indexOf(SHIPPED_JAR), jar.toString());
        command.set(command.indexOf("--pipelines") + 1, pipelines);
        command.addAll(extraArguments);
        program.put("command", String.join(" ", command));
        program.put("numprocs", String.valueOf(numprocs));

        StringBuilder out = new StringBuilder("[program:" + name + "]\n");
        program.forEach((key, value) -> out.append(key).append('=')
                .append(value.replace(SHIPPED_DATA, data.toString()).replace(SHIPPED_LOGS, logs.toString()))
                .append('\n'));
        return out.toString();
    }
}
