package io.jobqueue.dashboard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** An uploaded file of items, one a line: trimmed, blank lines skipped, duplicates removed, order kept. */
final class ItemsFile {
    /** The most items one file may hold. */
    static final int MAX_ITEMS = 1_000_000;

    private ItemsFile() {}

    static List<String> read(InputStream in) throws IOException {
        Set<String> items = new LinkedHashSet<>();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String item = line.strip();
                if (item.startsWith("\uFEFF")) {
                    item = item.substring(1).strip();
                }
                if (!item.isEmpty() && items.add(item) && items.size() > MAX_ITEMS) {
                    throw ApiError.badRequest("the file holds more than " + MAX_ITEMS + " distinct items");
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ApiError.badRequest("the file is not UTF-8 text");
        }
        if (items.isEmpty()) {
            throw ApiError.badRequest("the file holds no items: one item a line, blank lines are skipped");
        }
        return new ArrayList<>(items);
    }
}
