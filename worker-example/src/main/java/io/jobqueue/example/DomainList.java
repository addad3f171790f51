package io.jobqueue.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A list of domains, one a line: lines are trimmed, blank lines and {@code #} comments are skipped, and a
 * repeated line is kept once, where it first appears.
 */
final class DomainList {
    private DomainList() {}

    static List<String> read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static List<String> parse(List<String> lines) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String line : lines) {
            String entry = line.strip();
            if (!entry.isEmpty() && !entry.startsWith("#")) {
                distinct.add(entry);
            }
        }
        return List.copyOf(distinct);
    }
}
