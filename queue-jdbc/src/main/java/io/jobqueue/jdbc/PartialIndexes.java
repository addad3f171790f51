package io.jobqueue.jdbc;

import java.util.List;

/**
 * The indexes of PostgreSQL and SQLite, which both index part of a table with the same syntax: the ready index
 * holds only live rows, in the order a reserve takes them; the buried index only buried rows, in the order
 * {@code getNextBuriedJob} and kick take them. MySQL and MariaDB have no partial indexes (see
 * {@link MySqlFamilyDialect}).
 */
final class PartialIndexes {
    private PartialIndexes() {}

    static String ready(Table t) {
        return "CREATE INDEX IF NOT EXISTS %s ON %s (pipeline, priority, id) WHERE state = 0"
                .formatted(t.readyIndexSql(), t.sql());
    }

    static String buried(Table t) {
        return "CREATE INDEX IF NOT EXISTS %s ON %s (pipeline, buried_at, id) WHERE state = 2"
                .formatted(t.buriedIndexSql(), t.sql());
    }

    /**
     * Schema version 3: the ready index held states 0 and 1 (ready and reserved); it now holds state 0. Dropped
     * and built again, so the step may run twice.
     */
    static List<String> readyOfLiveRowsOnly(Table t) {
        return List.of("DROP INDEX IF EXISTS " + t.readyIndexSql(), ready(t));
    }
}
