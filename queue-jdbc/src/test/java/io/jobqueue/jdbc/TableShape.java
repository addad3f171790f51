package io.jobqueue.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A table's columns (name, type, nullability, default) and indexes (name, columns, uniqueness, condition) as the
 * database's catalog reports them, with the table's own name replaced by {@code T} so two tables compare.
 */
record TableShape(List<String> columns, List<String> indexes) {

    static TableShape of(Connection c, String database, String table) throws SQLException {
        return of(c, database, table, table);
    }

    /** The shape of {@code table}, with {@code name} (the jobs table it belongs to) written as {@code T}. */
    static TableShape of(Connection c, String database, String table, String name) throws SQLException {
        TableShape shape = switch (database) {
            case "sqlite" -> new TableShape(
                    rows(c, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid", table),
                    sorted(rows(c, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", table)
                            .stream().map(TableShape::normalizeDdl).toList()));
            case "postgresql" -> new TableShape(
                    rows(c, """
                            SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
                            FROM information_schema.columns
                            WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position""", table),
                    sorted(rows(c, """
                            SELECT indexname, indexdef FROM pg_indexes
                            WHERE schemaname = current_schema() AND tablename = ?""", table)));
            default -> new TableShape(
                    rows(c, """
                            SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, CHARACTER_SET_NAME,
                                   COLLATION_NAME, EXTRA
                            FROM information_schema.COLUMNS
                            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION""", table),
                    rows(c, """
                            SELECT INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE FROM information_schema.STATISTICS
                            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX""",
                            table));
        };
        return shape.named(name);
    }

    /** The same shape with {@code table} written as {@code T}. */
    private TableShape named(String table) {
        return new TableShape(columns.stream().map(s -> s.replace(table, "T")).toList(),
                indexes.stream().map(s -> s.replace(table, "T")).toList());
    }

    private static List<String> rows(Connection c, String sql, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(String.valueOf(rs.getString(i)));
                    }
                    rows.add(String.join(" | ", row));
                }
            }
        }
        return rows;
    }

    /** SQLite keeps an index's CREATE statement as written: compare it without quotes, spacing or IF NOT EXISTS. */
    private static String normalizeDdl(String row) {
        return row.replace("\"", "").replace("IF NOT EXISTS ", "").replaceAll("\\s+", " ");
    }

    private static List<String> sorted(List<String> rows) {
        return List.copyOf(new TreeSet<>(rows));
    }
}
