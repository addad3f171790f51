package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JDBC drivers and HikariCP are optional dependencies: with them missing from the class path, connecting
 * fails with the Maven coordinates to add, and a caller's own DataSource works without HikariCP. So is queue-api's
 * cron-utils: without it a cron schedule names the artifact, and interval schedules work. The library runs
 * in a class loader that sees only queue-api, queue-jdbc, slf4j and whatever each test adds.
 */
class OptionalDependenciesTest {
    private static final Pattern ALWAYS = Pattern.compile(".*(queue-api|queue-jdbc|slf4j-api).*");

    /**
     * DriverManager finds drivers once, through the thread's context class loader at that moment: let that be the
     * test JVM's own, not an isolated one, or later tests in this JVM would find no driver.
     */
    @BeforeAll
    static void loadDriversFirst() {
        DriverManager.getDrivers();
    }

    @Test
    void a_url_without_its_driver_names_the_artifact_to_add() throws Exception {
        try (URLClassLoader loader = isolated(null)) {
            Function<String, String> connect = instance(loader, Connect.class);
            assertTrue(connect.apply("jdbc:postgresql://127.0.0.1:5432/test?user=postgres")
                    .contains("no JDBC driver for jdbc:postgresql: add org.postgresql:postgresql"));
            assertTrue(connect.apply("jdbc:sqlite:target/none.db").contains("add org.xerial:sqlite-jdbc"));
            assertTrue(connect.apply("jdbc:mariadb://127.0.0.1/test").contains("add org.mariadb.jdbc:mariadb-java-client"));
            String mysql = connect.apply("jdbc:mysql://127.0.0.1/test");
            assertTrue(mysql.contains("add com.mysql:mysql-connector-j (or org.mariadb.jdbc:mariadb-java-client)"), mysql);
        }
    }

    @Test
    void a_url_without_hikaricp_says_to_add_it_and_a_datasource_needs_no_pool() throws Exception {
        try (URLClassLoader loader = isolated(Pattern.compile(".*sqlite-jdbc.*"))) {
            String url = TestDatabases.sqliteFileUrl("nopool");
            String failure = instance(loader, Connect.class).apply(url);
            assertTrue(failure.startsWith("BackendException") && failure.contains("add com.zaxxer:HikariCP"), failure);
            assertEquals("hello", instance(loader, OwnDataSource.class).apply(url));
        }
    }

    @Test
    void a_cron_schedule_without_cron_utils_names_the_artifact_and_an_interval_needs_none() throws Exception {
        try (URLClassLoader loader = isolated(Pattern.compile(".*(sqlite-jdbc|HikariCP).*"))) {
            String result = instance(loader, Schedules.class).apply(TestDatabases.sqliteFileUrl("nocron"));
            assertEquals("JobQueueException: cron schedules need cron-utils: add com.cronutils:cron-utils to the class"
                    + " path (interval schedules work without it); interval schedules stored: 1", result);
        }
    }

    /** Runs in the isolated loader: tries a cron schedule, then stores an interval one; returns what happened. */
    public static final class Schedules implements Function<String, String> {
        @Override
        public String apply(String url) {
            String cron;
            try {
                io.jobqueue.Recurrence.cron("0 2 * * *");
                cron = "cron accepted";
            } catch (RuntimeException e) {
                cron = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            try (JobQueue queue = JobQueue.connect(url)) {
                queue.schedule("every-minute", io.jobqueue.Recurrence.every(java.time.Duration.ofMinutes(1)), "p", "x");
                return cron + "; interval schedules stored: " + queue.listSchedules().size();
            }
        }
    }

    /** Runs in the isolated loader: connects by URL and returns the failure. */
    public static final class Connect implements Function<String, String> {
        @Override
        public String apply(String url) {
            try {
                JobQueue.connect(url).close();
                return "connected";
            } catch (RuntimeException e) {
                return e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
    }

    /** Runs in the isolated loader: a queue over a SQLite DataSource, no pool; returns the job it reserved. */
    public static final class OwnDataSource implements Function<String, String> {
        @Override
        public String apply(String url) {
            org.sqlite.SQLiteDataSource dataSource = new org.sqlite.SQLiteDataSource();
            dataSource.setUrl(url);
            try (JobQueue queue = JdbcBackend.queue(dataSource, QueueSettings.defaults())) {
                queue.addJob("hello");
                return queue.watchPipeline("default").getNextJobAndReserve(java.time.Duration.ZERO).orElseThrow()
                        .payloadAsString();
            }
        }
    }

    /** {@code type} loaded by {@code loader}, run with {@code loader} as the thread's context class loader. */
    @SuppressWarnings("unchecked")
    private static Function<String, String> instance(ClassLoader loader, Class<?> type) throws Exception {
        Function<String, String> f =
                (Function<String, String>) Class.forName(type.getName(), true, loader).getConstructor().newInstance();
        return argument -> {
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                return f.apply(argument);
            } finally {
                thread.setContextClassLoader(before);
            }
        };
    }

    /** queue-api, queue-jdbc (with these tests' classes), slf4j, and the entries {@code also} matches. */
    private static URLClassLoader isolated(Pattern also) throws MalformedURLException {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            String unix = entry.replace('\\', '/');
            if (ALWAYS.matcher(unix).matches() || (also != null && also.matcher(unix).matches())) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }
}
