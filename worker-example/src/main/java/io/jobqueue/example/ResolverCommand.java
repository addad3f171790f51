package io.jobqueue.example;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that looks a domain up: a program and its arguments, where an argument that is exactly
 * {@value #PLACEHOLDER} becomes the domain (or the domain is added last when none is). The default is
 * {@code host -W 2 DOMAIN}: bind9-host, waiting at most 2 s for each reply.
 */
record ResolverCommand(List<String> template) {
    static final String PLACEHOLDER = "{domain}";
    static final List<String> DEFAULT = List.of("host", "-W", "2", PLACEHOLDER);

    ResolverCommand {
        if (template == null || template.isEmpty() || template.get(0).isBlank()) {
            throw new IllegalArgumentException("a resolver command needs a program");
        }
        template = List.copyOf(template);
    }

    static ResolverCommand defaults() {
        return new ResolverCommand(DEFAULT);
    }

    String program() {
        return template.get(0);
    }

    /** The arguments for {@code domain}: one list element per argument, never a shell string. */
    List<String> argv(String domain) {
        List<String> argv = new ArrayList<>(template.size() + 1);
        boolean placed = false;
        for (String arg : template) {
            if (arg.equals(PLACEHOLDER)) {
                argv.add(domain);
                placed = true;
            } else {
                argv.add(arg);
            }
        }
        if (!placed) {
            argv.add(domain);
        }
        return argv;
    }

    /**
     * Throws {@link UsageException} unless the program is an executable file or found on {@code PATH}: a worker
     * refuses to start rather than fail every lookup. The default program names the package that has it.
     */
    void requireProgram() {
        String program = program();
        if (program.contains("/")) {
            if (!Files.isExecutable(Path.of(program))) {
                throw new UsageException("resolver program '" + program + "' is not an executable file");
            }
            return;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return;
            }
        }
        throw new UsageException("resolver program '" + program + "' is not on PATH"
                + (program.equals("host") ? " (Debian/Ubuntu: apt-get install -y bind9-host)" : ""));
    }
}
