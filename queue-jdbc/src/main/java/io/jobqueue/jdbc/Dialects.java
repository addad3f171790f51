package io.jobqueue.jdbc;

import io.jobqueue.BackendException;
import io.jobqueue.InvalidInputException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** Picks the dialect: the {@code dialect} option when set, else the connection's product name. */
final class Dialects {
    private Dialects() {}

    static Dialect choose(DataSource dataSource, String override) {
        if (override != null) {
            return byName(override);
        }
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            return byName(product);
        } catch (SQLException e) {
            throw new BackendException("cannot read the database product name: " + e.getMessage(), e);
        }
    }

    static Dialect byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sqlite" -> new SqliteDialect();
            case "postgresql", "postgres" -> new PostgresDialect();
            case "mariadb" -> new MySqlDialect(true);
            case "mysql" -> new MySqlDialect(false);
            default -> throw new InvalidInputException("no dialect for database '" + name
                    + "': use sqlite, postgresql, mysql or mariadb (option dialect)");
        };
    }
}
