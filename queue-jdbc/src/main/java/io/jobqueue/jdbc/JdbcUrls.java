package io.jobqueue.jdbc;

import io.jobqueue.BackendException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * What a JDBC URL says: which database, and which driver serves it. The drivers and HikariCP are optional
 * dependencies of queue-jdbc, so a missing one is reported with the Maven coordinates to add. This class names
 * HikariCP only as a string: a user who passes their own {@code DataSource} needs no pool on the class path.
 */
final class JdbcUrls {
    static final String POOL_CLASS = "com.zaxxer.hikari.HikariDataSource";
    static final String POOL_ARTIFACT = "com.zaxxer:HikariCP";

    /** A driver this library knows: the URL prefix it serves, its class and its Maven coordinates. */
    record KnownDriver(String prefix, String className, String artifact) {}

    static final KnownDriver SQLITE = new KnownDriver("jdbc:sqlite:", "org.sqlite.JDBC", "org.xerial:sqlite-jdbc");
    static final KnownDriver POSTGRESQL =
            new KnownDriver("jdbc:postgresql:", "org.postgresql.Driver", "org.postgresql:postgresql");
    static final KnownDriver MARIADB =
            new KnownDriver("jdbc:mariadb:", "org.mariadb.jdbc.Driver", "org.mariadb.jdbc:mariadb-java-client");
    static final KnownDriver MYSQL =
            new KnownDriver("jdbc:mysql:", "com.mysql.cj.jdbc.Driver", "com.mysql:mysql-connector-j");
    static final List<KnownDriver> KNOWN = List.of(SQLITE, POSTGRESQL, MARIADB, MYSQL);

    /** The URL the pool connects with and the driver class that serves it (null: whichever DriverManager finds). */
    record Connect(String url, String driverClass) {}

    private JdbcUrls() {}

    static boolean isSqlite(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith(SQLITE.prefix());
    }

    /** An in-memory SQLite database lives in one connection: the pool must keep exactly that one. */
    static boolean isSqliteMemory(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return isSqlite(u) && (u.equals("jdbc:sqlite:") || u.contains(":memory:") || u.contains("mode=memory"));
    }

    static boolean isPostgres(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith(POSTGRESQL.prefix());
    }

    static boolean isMySqlFamily(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return u.startsWith(MYSQL.prefix()) || u.startsWith(MARIADB.prefix());
    }

    /**
     * The driver for {@code url}, named explicitly so that the driver meant for a URL serves it (with MySQL
     * Connector/J and MariaDB Connector/J both present, {@code jdbc:mysql:} goes to MySQL's). Without MySQL's
     * driver, a {@code jdbc:mysql:} URL goes to MariaDB Connector/J, which speaks MySQL's protocol but takes that
     * scheme only under an option, hence the rewritten prefix.
     */
    static Connect driverFor(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        for (KnownDriver driver : KNOWN) {
            if (!u.startsWith(driver.prefix())) {
                continue;
            }
            if (present(driver.className())) {
                return new Connect(url, driver.className());
            }
            if (driver == MYSQL && present(MARIADB.className())) {
                return new Connect(MARIADB.prefix() + url.substring(MYSQL.prefix().length()), MARIADB.className());
            }
            if (registeredElsewhere(url)) {
                return new Connect(url, null);
            }
            throw new BackendException("no JDBC driver for " + driver.prefix() + " add " + driver.artifact()
                    + (driver == MYSQL ? " (or " + MARIADB.artifact() + ")" : "") + " to the class path");
        }
        return new Connect(url, null);
    }

    /** Fails clearly when HikariCP, which a pool made from a URL needs, is not on the class path. */
    static void requirePool() {
        // DataSources links against HikariCP through this library's class loader, so only that one counts.
        if (!loads(JdbcUrls.class.getClassLoader(), POOL_CLASS)) {
            throw new BackendException("connecting by URL needs a connection pool: add " + POOL_ARTIFACT
                    + " to the class path, or pass your own DataSource to JdbcBackend.create");
        }
    }

    /** True if HikariCP can load the driver: it tries this library's class loader, then the thread's. */
    private static boolean present(String className) {
        return loads(JdbcUrls.class.getClassLoader(), className)
                || loads(Thread.currentThread().getContextClassLoader(), className);
    }

    private static boolean loads(ClassLoader loader, String className) {
        if (loader == null) {
            return false;
        }
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** A driver of another vendor for the same URL, registered with {@link DriverManager}. */
    private static boolean registeredElsewhere(String url) {
        try {
            DriverManager.getDriver(url);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
