package io.jobqueue.example;

import io.jobqueue.example.DomainFile.InvalidEntry;
import io.jobqueue.tasks.TaskStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of a {@code domain-check} task: how many entries its file had, how many distinct names were
 * checked, and what came of each. Counts are exact; each list holds at most {@value #MAX_LISTED} entries, in
 * the order of the file.
 *
 * @param file the domain list's file; null when the task's params were the list itself
 * @param entries entries in the file (lines neither blank nor comments)
 * @param distinct distinct valid names, each checked once
 * @param duplicates entries that repeated an earlier one
 * @param counts how many names came out each way
 * @param available names that resolve, with their addresses
 * @param unavailable names that do not exist or have no address, with the reason
 * @param lookupFailed names whose lookup gave no answer (resolver failure, unreachable, timeout)
 * @param invalid entries that are not domain names
 * @param failed names whose child task failed (every attempt threw: say, the resolver program is missing)
 */
record DomainReport(
        String file,
        int entries,
        int distinct,
        int duplicates,
        Counts counts,
        List<Named> available,
        List<Named> unavailable,
        List<Named> lookupFailed,
        List<InvalidEntry> invalid,
        List<Named> failed) {
    static final int MAX_LISTED = 10_000;

    /** How many names came out each way; {@code available + unavailable + lookupFailed + failed = distinct}. */
    record Counts(long available, long unavailable, long lookupFailed, long invalid, long failed) {}

    /** A name with what was found (addresses) or why not. */
    record Named(String domain, String detail) {}

    /** Collects the children's outcomes one at a time, so a report never needs them all in memory at once. */
    static final class Builder {
        private final DomainCheckTask.Split split;
        private final List<Named> available = new ArrayList<>();
        private final List<Named> unavailable = new ArrayList<>();
        private final List<Named> lookupFailed = new ArrayList<>();
        private final List<Named> failed = new ArrayList<>();
        private long availableCount;
        private long unavailableCount;
        private long lookupFailedCount;
        private long failedCount;

        Builder(DomainCheckTask.Split split) {
            this.split = split;
        }

        void add(DomainLookup lookup) {
            switch (lookup.outcome()) {
                case AVAILABLE -> {
                    availableCount++;
                    list(available, new Named(lookup.domain(), String.join(", ", lookup.addresses())));
                }
                case UNAVAILABLE -> {
                    unavailableCount++;
                    list(unavailable, new Named(lookup.domain(), lookup.detail()));
                }
                case LOOKUP_FAILED -> {
                    lookupFailedCount++;
                    list(lookupFailed, new Named(lookup.domain(), lookup.detail()));
                }
            }
        }

        void failed(String domain, TaskStatus status, String error) {
            failedCount++;
            list(failed, new Named(domain, status == TaskStatus.CANCELLED ? "cancelled" : firstLine(error)));
        }

        DomainReport build() {
            return new DomainReport(split.file(), split.entries(), split.distinct(), split.duplicates(),
                    new Counts(availableCount, unavailableCount, lookupFailedCount, split.invalidCount(), failedCount),
                    available, unavailable, lookupFailed, split.invalid(), failed);
        }

        private static void list(List<Named> list, Named entry) {
            if (list.size() < MAX_LISTED) {
                list.add(entry);
            }
        }

        /** The first line of a stored stack trace: the exception and its message. */
        private static String firstLine(String error) {
            if (error == null || error.isBlank()) {
                return "failed";
            }
            int end = error.indexOf('\n');
            return (end < 0 ? error : error.substring(0, end)).strip();
        }
    }
}
