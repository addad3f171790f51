package io.jobqueue.beanstalkd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reconnect, tube restoration and backoff of {@link BeanstalkClient}, against scripted connections. */
class BeanstalkClientTest {

    private static final byte[] BODY = "hello".getBytes(StandardCharsets.US_ASCII);

    private final ScriptedServer server = new ScriptedServer();
    private final List<Duration> sleeps = new ArrayList<>();

    private BeanstalkClient client(BeanstalkConfig config) {
        return new BeanstalkClient(config, sleeps::add);
    }

    @Test
    void client_connects_on_first_use() {
        ScriptedSocket socket = server.replies("INSERTED 1\r\n");
        BeanstalkClient client = client(server.config());
        assertEquals(List.of(), server.opened());

        assertEquals(new PutResult(1, false), client.put(BODY));

        assertEquals("put 1024 0 60 5\r\nhello\r\n", socket.sent());
    }

    @Test
    void next_call_after_a_broken_connection_reconnects_and_restores_used_and_watched_tubes() {
        ScriptedSocket first = server.replies("USING jobs\r\nWATCHING 2\r\nWATCHING 3\r\nWATCHING 2\r\n");
        ScriptedSocket second = server.replies("USING jobs\r\nWATCHING 2\r\nWATCHING 3\r\nWATCHING 2\r\n"
                + "INSERTED 9\r\n");
        BeanstalkClient client = client(server.config());
        client.use("jobs");
        client.watch("jobs");
        client.watch("mail");
        client.ignore("default");

        assertThrows(BeanstalkConnectionException.class, () -> client.put(BODY));
        PutResult result = client.put(BODY);

        assertEquals(new PutResult(9, false), result);
        assertTrue(first.isClosed());
        assertEquals("use jobs\r\nwatch jobs\r\nwatch mail\r\nignore default\r\n"
                + "put 1024 0 60 5\r\nhello\r\n", first.sent());
        assertEquals("use jobs\r\nwatch jobs\r\nwatch mail\r\nignore default\r\n"
                + "put 1024 0 60 5\r\nhello\r\n", second.sent());
        assertEquals("jobs", client.usedTube());
        assertEquals(List.of("jobs", "mail"), client.watchedTubes());
    }

    @Test
    void default_tubes_need_no_restoring() {
        server.replies("");
        ScriptedSocket second = server.replies("DELETED\r\n");
        BeanstalkClient client = client(server.config());

        assertThrows(BeanstalkConnectionException.class, () -> client.delete(1));
        assertTrue(client.delete(1));

        assertEquals("delete 1\r\n", second.sent());
    }

    @Test
    void failed_command_is_not_replayed_after_reconnecting() {
        server.replies("INSER");
        ScriptedSocket second = server.replies("DELETED\r\n");
        BeanstalkClient client = client(server.config());

        assertThrows(BeanstalkProtocolException.class, () -> client.put(BODY));
        client.delete(3);

        assertEquals("delete 3\r\n", second.sent());
    }

    @Test
    void server_error_keeps_the_connection() {
        ScriptedSocket socket = server.replies("DRAINING\r\nINSERTED 2\r\n");
        BeanstalkClient client = client(server.config());

        BeanstalkServerException e = assertThrows(BeanstalkServerException.class, () -> client.put(BODY));
        client.put(BODY);

        assertEquals(ServerError.DRAINING, e.error());
        assertEquals(List.of(socket), server.opened());
    }

    @Test
    void failed_watch_or_ignore_does_not_change_the_tracked_tubes() {
        server.replies("NOT_IGNORED\r\n");
        BeanstalkClient client = client(server.config());

        assertThrows(BeanstalkServerException.class, () -> client.ignore("default"));

        assertEquals(List.of("default"), client.watchedTubes());
    }

    @Test
    void reconnect_backs_off_exponentially_up_to_the_maximum_delay() {
        server.refuses();
        server.refuses();
        server.refuses();
        server.refuses();
        server.replies("DELETED\r\n");
        BeanstalkClient client = client(server.configBuilder().reconnectAttempts(5)
                .reconnectInitialDelay(Duration.ofMillis(100)).reconnectMaxDelay(Duration.ofMillis(300)).build());

        assertTrue(client.delete(1));

        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300),
                Duration.ofMillis(300)), sleeps);
    }

    @Test
    void reconnect_gives_up_after_the_configured_attempts_and_tries_again_on_the_next_call() {
        server.refuses();
        server.refuses();
        server.refuses();
        server.replies("DELETED\r\n");
        BeanstalkClient client = client(server.configBuilder().reconnectAttempts(3).build());

        BeanstalkConnectionException e = assertThrows(BeanstalkConnectionException.class, () -> client.delete(1));

        assertTrue(e.getMessage().contains("127.0.0.1:11300 after 3 attempt(s)"), e.getMessage());
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), sleeps);
        assertTrue(client.delete(1));
    }

    @Test
    void interrupted_backoff_fails_with_the_interrupt_flag_kept() {
        server.refuses();
        BeanstalkClient client = new BeanstalkClient(server.configBuilder().reconnectAttempts(2).build(), delay -> {
            throw new InterruptedException();
        });

        assertThrows(BeanstalkConnectionException.class, () -> client.delete(1));

        assertTrue(Thread.interrupted());
    }

    @Test
    void closed_client_rejects_commands() {
        ScriptedSocket socket = server.replies("DELETED\r\n");
        BeanstalkClient client = client(server.config());
        client.delete(1);

        client.close();

        assertTrue(socket.isClosed());
        assertThrows(IllegalStateException.class, () -> client.delete(1));
    }

    @Test
    void quit_sends_quit_and_closes_the_client() {
        ScriptedSocket socket = server.replies("DELETED\r\n");
        BeanstalkClient client = client(server.config());
        client.delete(1);

        client.quit();

        assertEquals("delete 1\r\nquit\r\n", socket.sent());
        assertThrows(IllegalStateException.class, client::stats);
    }

    @Test
    void duplicate_opens_another_connection_with_the_same_settings() {
        server.replies("");
        ScriptedSocket other = server.replies("USING x\r\n");
        BeanstalkClient client = BeanstalkClient.connect(server.config());

        BeanstalkClient duplicate = client.duplicate();
        duplicate.use("x");

        assertEquals(2, server.opened().size());
        assertEquals(client.config(), duplicate.config());
        assertEquals("use x\r\n", other.sent());
        assertEquals("default", client.usedTube());
    }

    @Test
    void connect_fails_fast_when_the_server_cannot_be_reached() {
        server.refuses();

        assertThrows(BeanstalkConnectionException.class,
                () -> BeanstalkClient.connect(server.configBuilder().reconnectAttempts(1).build()));
    }
}
