package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.BackendException;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.FaultProxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A server that is down or stops answering fails each call within its bound (the connect timeout, the call
 * timeout), and the queue works again once the server is back. The server sits behind a {@link FaultProxy}, so
 * the real server, which other tests share, is never stopped.
 */
class ConnectionFaultTest {
    /** Scheduling slack on a loaded two-core machine: a bound is broken only past this much more. */
    private static final Duration SLACK = Duration.ofMillis(2_500);
    private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+):(\\d+)/");

    static Stream<String> servers() {
        return Stream.of(TestDatabases.postgresUrl(), TestDatabases.mysqlUrl(), TestDatabases.mysqlConnectorUrl());
    }

    /** {@code url} pointed at {@code proxy}, and the proxy pointed at the server {@code url} names. */
    private static String throughProxy(String url, FaultProxy[] proxy) {
        Matcher m = HOST_PORT.matcher(url);
        assertTrue(m.find(), "a URL with host and port: " + url);
        proxy[0] = new FaultProxy(m.group(1), Integer.parseInt(m.group(2)));
        return url.substring(0, m.start()) + "//127.0.0.1:" + proxy[0].port() + "/" + url.substring(m.end());
    }

    private static QueueSettings settings(String table) {
        return QueueSettings.builder().option(JdbcBackend.TABLE, table).option(JdbcBackend.POOL_SIZE, "2").build();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void an_add_while_the_server_is_down_fails_within_the_default_connect_timeout_and_works_once_it_is_back(
            String url) {
        FaultProxy[] proxy = new FaultProxy[1];
        String proxied = throughProxy(url, proxy);
        try (FaultProxy p = proxy[0]; JobQueue queue = JobQueue.connect(proxied, settings("jq_fault_down"))) {
            JobQueue jobs = queue.selectPipeline("fault-" + System.nanoTime());
            jobs.addJob("before");
            p.down();
            // The first add may fail at once on a pooled connection the proxy cut; the next must get a new
            // connection from a server that refuses, and gives up after the connect timeout.
            for (int attempt = 0; attempt < 2; attempt++) {
                Duration took = failsWithin(QueueSettings.DEFAULT_CONNECT_TIMEOUT, () -> jobs.addJob("while down"));
                assertTrue(took.compareTo(QueueSettings.DEFAULT_CONNECT_TIMEOUT.plus(SLACK)) < 0, "took " + took);
            }
            p.restore();
            jobs.addJob("after");
            assertEquals(2, jobs.getReadyCount(), "the job added while down was not stored, the others were");
            queue.deleteAll(jobs.reserveJobs(10, Duration.ZERO));
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void calls_to_a_frozen_server_fail_within_their_bounds_and_nothing_is_lost_once_it_answers(String url) {
        Duration connect = Duration.ofSeconds(1);
        Duration call = Duration.ofSeconds(1);
        Duration reserveWait = Duration.ofSeconds(1);
        FaultProxy[] proxy = new FaultProxy[1];
        String proxied = throughProxy(url, proxy);
        QueueSettings settings = settings("jq_fault_frozen").toBuilder().connectTimeout(connect).callTimeout(call)
                .build();
        try (FaultProxy p = proxy[0]; JobQueue queue = JobQueue.connect(proxied, settings)) {
            String pipeline = "fault-" + System.nanoTime();
            JobQueue jobs = queue.selectPipeline(pipeline).watchPipeline(pipeline);
            long kept = jobs.addJob("before");
            p.freeze();
            // A call on a pooled connection waits for a reply that never comes, up to the call timeout; one that
            // needs a new connection waits up to the connect timeout. Either way: no more than both together.
            Duration bound = connect.plus(call);
            Duration add = failsWithin(bound, () -> jobs.addJob("while frozen"));
            Duration stats = failsWithin(bound, jobs::stats);
            Duration reserve = failsWithin(bound.plus(reserveWait), () -> jobs.getNextJobAndReserve(reserveWait));
            for (Duration took : List.of(add, stats, reserve)) {
                assertTrue(took.compareTo(bound.plus(reserveWait).plus(SLACK)) < 0, "took " + took);
            }
            p.restore();
            Optional<io.jobqueue.Job> job = jobs.getNextJobAndReserve(Duration.ofSeconds(5));
            assertEquals(kept, job.orElseThrow().id(), "the job added before the freeze is there");
            jobs.delete(job.get());
        }
    }

    @org.junit.jupiter.api.Test
    void reads_on_a_callers_own_pool_are_bounded_by_the_call_timeout_too() {
        FaultProxy[] proxy = new FaultProxy[1];
        String proxied = throughProxy(TestDatabases.postgresUrl(), proxy);
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(proxied);
        config.setMaximumPoolSize(3); // one of them for the LISTEN connection of the first reserve
        Duration call = Duration.ofSeconds(1);
        QueueSettings settings = settings("jq_fault_own_pool").toBuilder().callTimeout(call).build();
        // The caller's pool sets no socket timeout of its own: the backend bounds each connection it borrows.
        try (FaultProxy p = proxy[0];
                com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config);
                JobQueue queue = JdbcBackend.queue(pool, settings)) {
            JobQueue jobs = queue.selectPipeline("fault-" + System.nanoTime());
            jobs.addJob("before");
            p.freeze();
            Duration took = failsWithin(call, () -> jobs.addJob("while frozen"));
            assertTrue(took.compareTo(call.plus(SLACK)) < 0, "took " + took);
            p.restore();
            // The add sent before the freeze reaches the server once it answers again, so it may be stored: a
            // failed call to a frozen server has an unknown outcome. The job added before it is there either way.
            long ready = jobs.getReadyCount();
            assertTrue(ready == 1 || ready == 2, "ready: " + ready);
            assertEquals("before", jobs.watchPipeline(jobs.selectedPipeline()).getNextJobAndReserve(Duration.ZERO)
                    .orElseThrow().payloadAsString());
            queue.deleteAll(jobs.watchPipeline(jobs.selectedPipeline()).reserveJobs(10, Duration.ZERO));
        }
    }

    /** Runs {@code call}, which must fail with a {@link BackendException}; returns how long it took. */
    private static Duration failsWithin(Duration bound, Executable call) {
        long start = System.nanoTime();
        BackendException e = assertThrows(BackendException.class, call, "a call bounded by " + bound);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        System.out.println("failed after " + took.toMillis() + " ms: " + e.getMessage());
        return took;
    }
}
