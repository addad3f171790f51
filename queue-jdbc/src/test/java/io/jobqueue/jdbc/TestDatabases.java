package io.jobqueue.jdbc;

import io.jobqueue.tck.SqliteFiles;

/** Where the tests find their databases: environment variables, else this project's local servers. */
final class TestDatabases {
    static final String POSTGRES_ENV = "JOBQUEUE_TEST_POSTGRES_URL";
    static final String MYSQL_ENV = "JOBQUEUE_TEST_MYSQL_URL";
    static final String MYSQL_CONNECTOR_ENV = "JOBQUEUE_TEST_MYSQL_CONNECTOR_URL";

    private TestDatabases() {}

    static String postgresUrl() {
        return env(POSTGRES_ENV, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    }

    static String mysqlUrl() {
        return env(MYSQL_ENV, "jdbc:mariadb://127.0.0.1:3306/test?user=root");
    }

    /** A {@code jdbc:mysql:} URL, which MySQL Connector/J serves; by default this project's MariaDB server. */
    static String mysqlConnectorUrl() {
        return env(MYSQL_CONNECTOR_ENV, "jdbc:mysql://127.0.0.1:3306/test?user=root");
    }

    /** A fresh SQLite file under target/, so runs never see each other's jobs. */
    static String sqliteFileUrl(String name) {
        return SqliteFiles.freshUrl(name);
    }

    /**
     * The URL of {@code database} ({@code sqlite}, {@code postgresql} or {@code mariadb}); for SQLite a fresh file
     * named after {@code sqliteName}.
     */
    static String url(String database, String sqliteName) {
        return switch (database) {
            case "sqlite" -> sqliteFileUrl(sqliteName);
            case "postgresql" -> postgresUrl();
            case "mariadb" -> mysqlUrl();
            default -> throw new IllegalArgumentException("no test database " + database);
        };
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
