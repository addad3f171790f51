package io.jobqueue.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A file of domains, one a line (a name or a URL), sorted out for checking: blank lines and {@code #} comments
 * skipped, every entry normalised by {@link DomainNames}, a name kept once where it first appears (so
 * {@code Example.com} and {@code https://example.com/} are one name), and entries that are not names set
 * aside with the reason.
 *
 * @param entries lines that were neither blank nor a comment
 * @param names the distinct valid names, in the order they first appear
 * @param invalid the entries that are not domain names, each once, with line number and reason
 * @param duplicates entries that repeat an earlier one (valid or not)
 */
record DomainFile(int entries, List<String> names, List<InvalidEntry> invalid, int duplicates) {

    DomainFile {
        names = List.copyOf(names);
        invalid = List.copyOf(invalid);
    }

    /**
     * An entry that is not a domain name.
     *
     * @param line its line number, from 1
     * @param text the entry as written (control characters replaced)
     * @param reason why it is refused
     */
    record InvalidEntry(int line, String text, String reason) {}

    static DomainFile read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static DomainFile parse(List<String> lines) {
        Set<String> names = new LinkedHashSet<>();
        Set<String> invalidTexts = new LinkedHashSet<>();
        List<InvalidEntry> invalid = new ArrayList<>();
        int entries = 0;
        int duplicates = 0;
        for (int i = 0; i < lines.size(); i++) {
            String entry = lines.get(i).strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            entries++;
            try {
                if (!names.add(DomainNames.normalize(entry))) {
                    duplicates++;
                }
            } catch (DomainNames.InvalidDomainException e) {
                if (invalidTexts.add(entry)) {
                    invalid.add(new InvalidEntry(i + 1, entry.replaceAll("\\p{Cntrl}", "?"), e.getMessage()));
                } else {
                    duplicates++;
                }
            }
        }
        return new DomainFile(entries, List.copyOf(names), invalid, duplicates);
    }
}
