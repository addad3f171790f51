package io.jobqueue.beanstalkd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.BackendException;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.beanstalkd.client.BeanstalkConfig;
import io.jobqueue.beanstalkd.client.BeanstalkConnection;
import io.jobqueue.beanstalkd.client.BeanstalkTimeoutException;
import io.jobqueue.beanstalkd.client.PutRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The command timeout bounds a whole reply, against a server on a real socket that drips its reply one byte
 * every 150 ms, far inside any per-read timeout: the call must fail at the deadline, not sit there for minutes.
 */
class CommandDeadlineTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final long DRIP_MILLIS = 150;
    /** Generous: the timeout plus two seconds of slack for a loaded machine. */
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static BeanstalkBackend backendOn(DrippingServer server) {
        BeanstalkConfig config = BeanstalkConfig.builder().host("127.0.0.1").port(server.port())
                .commandTimeout(TIMEOUT).build();
        return BeanstalkBackend.open(config, QueueSettings.defaults());
    }

    @Test
    void an_add_stalled_by_a_dripping_reply_fails_at_the_timeout_and_other_adds_are_not_held_behind_it()
            throws Exception {
        AtomicInteger puts = new AtomicInteger();
        try (DrippingServer server = new DrippingServer(DRIP_MILLIS, line -> line.startsWith("put ")
                && puts.incrementAndGet() == 1);
                BeanstalkBackend backend = backendOn(server);
                JobQueue queue = JobQueue.create(backend, QueueSettings.defaults()).selectPipeline("drip")) {
            long start = System.nanoTime();
            Future<Long> stalled = threads.submit(() -> {
                try {
                    queue.addJob("first");
                    return -1L;
                } finally {
                    stalledNanos = System.nanoTime() - start;
                }
            });
            server.awaitDripping();
            long secondStart = System.nanoTime();
            long id = CompletableFuture.supplyAsync(() -> queue.addJob("second"), threads)
                    .get(10, TimeUnit.SECONDS);
            long secondNanos = System.nanoTime() - secondStart;

            Exception failure = assertThrows(Exception.class, () -> stalled.get(10, TimeUnit.SECONDS));
            BackendException e = assertInstanceOf(BackendException.class, failure.getCause());
            assertTrue(e.getMessage().contains("put on 127.0.0.1:" + server.port() + " timed out")
                    && e.getMessage().contains("within 1000 ms (BeanstalkConfig.commandTimeout)"), e.getMessage());
            assertInstanceOf(BeanstalkTimeoutException.class, e.getCause());
            System.out.printf("slow drip (1 byte / %d ms, commandTimeout %d ms): stalled addJob failed after %d ms,"
                    + " the add queued behind it returned after %d ms%n", DRIP_MILLIS, TIMEOUT.toMillis(),
                    TimeUnit.NANOSECONDS.toMillis(stalledNanos), TimeUnit.NANOSECONDS.toMillis(secondNanos));
            assertTrue(stalledNanos >= TIMEOUT.toNanos() - TimeUnit.MILLISECONDS.toNanos(50),
                    "failed before its deadline: " + stalledNanos + " ns");
            assertTrue(stalledNanos < BOUND_NANOS, "the stalled add took " + stalledNanos + " ns");
            assertTrue(secondNanos < BOUND_NANOS, "the add behind it took " + secondNanos + " ns");
            assertTrue(id > 0);
            // The timed-out connection was closed (the drip stopped) and the second add used a new one.
            Poll.until(Duration.ofSeconds(5), () -> server.dripsEnded() == 1, () -> "the drip never ended");
            assertEquals(3, server.connections(), "admin, producer, and the producer's replacement");
        }
    }

    private volatile long stalledNanos;

    @Test
    void a_read_and_its_retry_on_a_new_connection_take_one_timeout_in_all_not_two() throws Exception {
        try (DrippingServer server = new DrippingServer(DRIP_MILLIS, line -> line.startsWith("stats-tube "));
                BeanstalkBackend backend = backendOn(server);
                JobQueue queue = JobQueue.create(backend, QueueSettings.defaults())) {
            long start = System.nanoTime();
            BackendException e = assertThrows(BackendException.class, () -> queue.getReadyCount("drip"));
            long elapsed = System.nanoTime() - start;

            System.out.printf("slow drip on a read (retried once on a broken connection): failed after %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(elapsed));
            assertInstanceOf(BeanstalkTimeoutException.class, e.getCause());
            assertTrue(e.getMessage().contains("1000 ms in all for the call"), e.getMessage());
            assertTrue(elapsed < TIMEOUT.toNanos() + TimeUnit.MILLISECONDS.toNanos(800),
                    "a read and its retry took " + elapsed + " ns, not one timeout in all");
        }
    }

    @Test
    void a_put_whose_body_the_server_never_reads_fails_at_the_timeout() throws Exception {
        // A server that accepts and then reads nothing: the write blocks once the socket buffers are full, and
        // the JDK has no write timeout; the deadline's alarm closes the socket.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                BeanstalkConnection connection = BeanstalkConnection.open(BeanstalkConfig.builder()
                        .host("127.0.0.1").port(silent.getLocalPort()).commandTimeout(TIMEOUT)
                        .maxJobSize(32 << 20).build());
                Socket accepted = silent.accept()) {
            PutRequest put = PutRequest.of(new byte[32 << 20]);
            long start = System.nanoTime();
            BeanstalkTimeoutException e = assertThrows(BeanstalkTimeoutException.class, () -> connection.put(put));
            long elapsed = System.nanoTime() - start;

            System.out.printf("a 32 MiB put to a server that reads nothing failed after %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(elapsed));
            assertEquals("put", e.command());
            assertTrue(elapsed < BOUND_NANOS, "the blocked put took " + elapsed + " ns");
            assertTrue(!connection.isUsable());
        }
    }
}
