package io.jobqueue.tasks;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes top-level tasks that finished before a cutoff, with their descendants and stage rows, one batch per
 * transaction so no transaction grows with the size of a fan-out. Children go before their parent: a prune
 * cut short leaves a smaller tree, never an orphan.
 */
final class Pruning {
    private final TaskStore store;
    private final String tasks;
    private final String stages;
    private final int batch;

    Pruning(TaskStore store, int batch) {
        this.store = store;
        this.tasks = store.tables().tasks();
        this.stages = store.tables().stages();
        this.batch = batch;
    }

    /** Deletes what finished before {@code cutoffMillis}; returns how many tasks went, children included. */
    long prune(long cutoffMillis) {
        long deleted = 0;
        while (true) {
            List<Long> roots = store.read("finding tasks to prune", t -> ids("""
                    SELECT id FROM %s WHERE parent_id IS NULL AND finished_at < ? ORDER BY finished_at LIMIT ?"""
                    .formatted(tasks), t, cutoffMillis, batch));
            if (roots.isEmpty()) {
                return deleted;
            }
            for (long root : roots) {
                deleted += subtree(root);
            }
            deleted += store.inTransaction("pruning tasks", t -> {
                delete(t, stages, "task_id", roots);
                return deleteFinishedRoots(t, roots, cutoffMillis);
            });
        }
    }

    /** Deletes the descendants of {@code parent}, deepest first; returns how many. */
    private long subtree(long parent) {
        long deleted = 0;
        while (true) {
            List<Long> children = store.read("finding children to prune",
                    t -> ids("SELECT id FROM %s WHERE parent_id = ? LIMIT ?".formatted(tasks), t, parent, batch));
            if (children.isEmpty()) {
                return deleted;
            }
            List<Long> withChildren = store.read("finding nested children to prune", t -> inList(t,
                    "SELECT DISTINCT parent_id FROM %s WHERE parent_id IN (%s)", children));
            for (long nested : withChildren) {
                deleted += subtree(nested);
            }
            deleted += store.inTransaction("pruning children", t -> {
                delete(t, stages, "task_id", children);
                return delete(t, tasks, "id", children);
            });
        }
    }

    private long deleteFinishedRoots(Transaction t, List<Long> roots, long cutoffMillis) throws SQLException {
        // Checked again: a task retried since it was found is no longer finished.
        String sql = "DELETE FROM %s WHERE id IN (%s) AND finished_at < ?".formatted(tasks, placeholders(roots.size()));
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            int i = 1;
            for (long id : roots) {
                ps.setLong(i++, id);
            }
            ps.setLong(i, cutoffMillis);
            return ps.executeUpdate();
        }
    }

    private static int delete(Transaction t, String table, String column, List<Long> ids) throws SQLException {
        String sql = "DELETE FROM %s WHERE %s IN (%s)".formatted(table, column, placeholders(ids.size()));
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            return ps.executeUpdate();
        }
    }

    private List<Long> inList(Transaction t, String template, List<Long> ids) throws SQLException {
        try (PreparedStatement ps = t.connection().prepareStatement(template.formatted(tasks,
                placeholders(ids.size())))) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            return read(ps);
        }
    }

    private static List<Long> ids(String sql, Transaction t, long key, int limit) throws SQLException {
        try (PreparedStatement ps = t.connection().prepareStatement(sql)) {
            ps.setLong(1, key);
            ps.setInt(2, limit);
            return read(ps);
        }
    }

    private static List<Long> read(PreparedStatement ps) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }
}
