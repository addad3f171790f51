package io.jobqueue.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.example.DomainFile.InvalidEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainFileTest {

    @Test
    void blanks_and_comments_are_skipped_names_are_normalised_and_kept_once_in_order() {
        DomainFile file = DomainFile.parse(List.of(
                "# a list", "b.example", "", "  A.Example  ", "https://b.example/path", "a.example.", "\t", "c.example"));

        assertEquals(List.of("b.example", "a.example", "c.example"), file.names());
        assertEquals(5, file.entries());
        assertEquals(2, file.duplicates());
        assertEquals(List.of(), file.invalid());
    }

    @Test
    void entries_that_are_not_names_are_reported_once_with_their_line_and_reason() {
        DomainFile file = DomainFile.parse(List.of("ok.example", "not_a..name", "-bad.example", "not_a..name"));

        assertEquals(List.of("ok.example"), file.names());
        assertEquals(List.of(2, 3), file.invalid().stream().map(InvalidEntry::line).toList());
        assertEquals(List.of("not_a..name", "-bad.example"), file.invalid().stream().map(InvalidEntry::text).toList());
        assertTrue(file.invalid().get(1).reason().startsWith("not a domain name: '-bad.example'"),
                file.invalid().get(1).reason());
        assertEquals(1, file.duplicates(), "the repeated invalid entry");
        assertEquals(4, file.entries());
    }
}
