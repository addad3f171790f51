package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Where nothing wakes a waiting reserve (jobs from another process on SQLite or MySQL/MariaDB), it looks again
 * quickly after jobs were found and backs off to the poll interval once idle.
 */
class AdaptivePollTest {

    @Nested
    class Backoff {
        @Test
        void waits_double_from_one_millisecond_after_jobs_were_found_up_to_the_poll_interval() {
            PollBackoff poll = new PollBackoff(Duration.ofMillis(100).toNanos());
            assertEquals(100_000_000L, poll.nextWaitNanos(), "before any job is found the backend polls as configured");
            poll.found();
            List<Long> waits = LongStream.range(0, 10).map(i -> poll.nextWaitNanos() / 1_000_000).boxed().toList();
            assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L, 100L, 100L, 100L), waits);
            poll.found();
            assertEquals(1_000_000L, poll.nextWaitNanos(), "finding jobs again starts over");
        }

        @Test
        void a_poll_interval_under_a_millisecond_is_never_exceeded() {
            PollBackoff poll = new PollBackoff(300_000);
            poll.found();
            assertEquals(300_000, poll.nextWaitNanos());
            assertEquals(300_000, poll.nextWaitNanos());
        }
    }

    /**
     * Counted on a real SQLite file: every reserve attempt borrows one connection. With a 400 ms poll interval a
     * reserve waiting 800 ms looks 3 times at the interval; right after jobs were found it looks about 11 times
     * (after 1, 2, 4 … 256 ms, then at the interval), and the next idle wait is back at the interval.
     */
    @Test
    void a_waiting_reserve_polls_quickly_after_finding_jobs_and_backs_off_when_idle() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabases.sqliteFileUrl("adaptive-poll"));
        config.setMaximumPoolSize(2);
        config.addDataSourceProperty("busy_timeout", "30000");
        config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        AtomicLong borrows = new AtomicLong();
        QueueSettings settings = QueueSettings.builder().pollInterval(Duration.ofMillis(400))
                .option(JdbcBackend.TABLE, "jq_poll_" + Long.toHexString(System.nanoTime())).build();
        try (HikariDataSource pool = new HikariDataSource(config);
                JobQueue queue = JdbcBackend.queue(counting(pool, borrows), settings)) {
            JobQueue q = queue.selectPipeline("poll").watchPipeline("poll");
            q.addJob("work");
            assertTrue(q.getNextJobAndReserve(Duration.ZERO).isPresent());

            borrows.set(0);
            assertEquals(Optional.empty(), q.getNextJobAndReserve(Duration.ofMillis(800)));
            long afterWork = borrows.get();
            assertTrue(afterWork >= 7 && afterWork <= 20,
                    "right after jobs were found: about 11 looks in 800 ms, not 3 (no backoff from the start) nor"
                            + " hundreds (no backoff at all); got " + afterWork);

            borrows.set(0);
            assertEquals(Optional.empty(), q.getNextJobAndReserve(Duration.ofMillis(800)));
            long idle = borrows.get();
            assertTrue(idle <= 4, "idle, the reserve looks once per poll interval (3 in 800 ms); got " + idle);
        }
    }

    /** {@code pool}, counting each connection it lends. */
    private static DataSource counting(DataSource pool, AtomicLong borrows) {
        return (DataSource) Proxy.newProxyInstance(AdaptivePollTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && method.getReturnType() == Connection.class) {
                        borrows.incrementAndGet();
                    }
                    try {
                        return method.invoke(pool, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
