package io.jobqueue.beanstalkd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.jobqueue.beanstalkd.BeanstalkdProcess;
import io.jobqueue.beanstalkd.BeanstalkdServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Lost connections, restarts, drain mode and blocking reserves against a real beanstalkd. */
class BeanstalkClientFailoverServerTest {

    private static final AtomicInteger TUBES = new AtomicInteger();

    private final List<AutoCloseable> resources = new ArrayList<>();

    @RegisterExtension
    static final BeanstalkdServerExtension BEANSTALKD = new BeanstalkdServerExtension();

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    private static BeanstalkConfig.Builder config(String host, int port) {
        return BeanstalkConfig.builder().host(host).port(port).reconnectInitialDelay(Duration.ofMillis(50))
                .reconnectMaxDelay(Duration.ofMillis(500)).reconnectAttempts(10);
    }

    private static String freshTube() {
        return "failover-test." + ProcessHandle.current().pid() + "." + TUBES.incrementAndGet();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void dropped_connection_is_replaced_on_next_use_with_used_and_watched_tubes_restored() throws Exception {
        DroppingProxy proxy = closeLater(new DroppingProxy(BEANSTALKD.host(), BEANSTALKD.port()));
        BeanstalkClient client = closeLater(BeanstalkClient.connect(config(proxy.host(), proxy.port()).build()));
        String used = freshTube();
        String watched = freshTube();
        client.use(used);
        client.watch(watched);
        client.ignore("default");

        proxy.dropConnections();
        assertThrows(BeanstalkConnectionException.class, client::listTubeUsed);

        assertEquals(used, client.listTubeUsed());
        assertEquals(List.of(watched), client.listTubesWatched());
        long id = client.put(utf8("after reconnect")).id();
        assertEquals(used, client.statsJob(id).orElseThrow().tube());
    }

    @Test
    void restarted_server_is_reconnected_to_with_tubes_restored() {
        assumeFalse(BEANSTALKD.server().isExternal(), "an external server cannot be restarted by the test");
        BeanstalkdProcess own = closeLater(BeanstalkdProcess.start());
        BeanstalkClient client = closeLater(BeanstalkClient.connect(config(own.host(), own.port()).build()));
        client.use("restarted");
        client.watch("restarted");
        client.ignore("default");
        client.put(utf8("lost with the old server"));

        own.restart();
        assertThrows(BeanstalkConnectionException.class, client::stats);

        assertEquals(0, client.stats().totalJobs(), "a new server process");
        long id = client.put(utf8("on the new server")).id();
        assertEquals(id, client.reserveWithTimeout(5).orElseThrow().id());
        assertEquals(List.of("restarted"), client.listTubesWatched());
    }

    @Test
    void draining_server_rejects_puts_with_draining() {
        assumeFalse(BEANSTALKD.server().isExternal(), "drain mode is switched on by a signal to a local process");
        BeanstalkdProcess own = closeLater(BeanstalkdProcess.start());
        BeanstalkClient client = closeLater(BeanstalkClient.connect(config(own.host(), own.port()).build()));
        client.put(utf8("before draining"));

        own.signal("USR1");

        BeanstalkServerException e = assertThrows(BeanstalkServerException.class, () -> client.put(utf8("x")));
        assertEquals(ServerError.DRAINING, e.error());
        assertTrue(client.stats().draining());
        BeanstalkPutAllException bulk = assertThrows(BeanstalkPutAllException.class,
                () -> client.putAll(List.of(PutRequest.of("a"), PutRequest.of("b"))));
        assertEquals(0, bulk.insertedByIndex().size());
        assertEquals(1, client.reserveWithTimeout(1).orElseThrow().id(), "reserving still works");
    }

    @Test
    void blocking_reserve_on_a_duplicate_client_is_woken_by_a_put_from_the_producer() throws Exception {
        BeanstalkClient producer = closeLater(BeanstalkClient.connect(config(BEANSTALKD.host(), BEANSTALKD.port())
                .build()));
        BeanstalkClient consumer = closeLater(producer.duplicate());
        String tube = freshTube();
        producer.use(tube);
        consumer.watch(tube);
        consumer.ignore("default");

        CompletableFuture<BeanstalkJob> reserved = CompletableFuture.supplyAsync(consumer::reserve);
        BEANSTALKD.awaitWaiting(tube, 1);
        long id = producer.put(utf8("wake up")).id();
        assertTrue(producer.statsTube(tube).isPresent(), "the producer is not held up by the blocked consumer");

        assertEquals(id, reserved.get(10, TimeUnit.SECONDS).id());
    }

    @Test
    void closing_a_client_ends_its_blocked_reserve() throws Exception {
        BeanstalkClient consumer = BeanstalkClient.connect(config(BEANSTALKD.host(), BEANSTALKD.port()).build());
        String tube = freshTube();
        consumer.watch(tube);
        consumer.ignore("default");
        CompletableFuture<BeanstalkJob> reserved = CompletableFuture.supplyAsync(consumer::reserve);
        BEANSTALKD.awaitWaiting(tube, 1);

        consumer.close();

        ExecutionException e = assertThrows(ExecutionException.class, () -> reserved.get(10, TimeUnit.SECONDS));
        assertInstanceOf(BeanstalkConnectionException.class, e.getCause(), () -> e.getCause().toString());
        assertThrows(IllegalStateException.class, consumer::stats);
    }
}
