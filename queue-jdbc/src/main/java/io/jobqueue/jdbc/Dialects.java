package io.jobqueue.jdbc;

import io.jobqueue.BackendException;
import io.jobqueue.InvalidInputException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** Picks the dialect: the {@code dialect} option when set, else what the connection says the database is. */
final class Dialects {
    private Dialects() {}

    static Dialect choose(DataSource dataSource, String override) {
        if (override != null) {
            return byName(override);
        }
        try (Connection c = dataSource.getConnection()) {
            return byName(detect(c.getMetaData()));
        } catch (SQLException e) {
            throw new BackendException("cannot read the database product name: " + e.getMessage(), e);
        }
    }

    /**
     * The database's name. MySQL Connector/J calls every server "MySQL"; a MariaDB server still says so in its
     * version ({@code 10.11.6-MariaDB}).
     */
    static String detect(DatabaseMetaData meta) throws SQLException {
        String product = meta.getDatabaseProductName();
        String version = meta.getDatabaseProductVersion();
        if ("mysql".equalsIgnoreCase(product) && version != null
                && version.toLowerCase(Locale.ROOT).contains("mariadb")) {
            return "mariadb";
        }
        return product;
    }

    static Dialect byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sqlite" -> new SqliteDialect();
            case "postgresql", "postgres" -> new PostgresDialect();
            case "mariadb" -> new MariaDbDialect();
            case "mysql" -> new MySqlDialect();
            default -> throw new InvalidInputException("no dialect for database '" + name
                    + "': use sqlite, postgresql, mysql or mariadb (option dialect)");
        };
    }
}
