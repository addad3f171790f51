package io.jobqueue.beanstalkd.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command, byte for byte: what the client writes and what it makes of the server's reply. */
class BeanstalkConnectionCommandsTest {

    private final ScriptedServer server = new ScriptedServer();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static BeanstalkJob job(long id, String body) {
        return new BeanstalkJob(id, bytes(body));
    }

    static Stream<Arguments> everyCommand() {
        return Stream.of(
                row("put", c -> c.put(bytes("hello")),
                        "put 1024 0 60 5\r\nhello\r\n", "INSERTED 7\r\n", new PutResult(7, false)),
                row("put with priority, delay and ttr", c -> c.put(0, 30, 120, bytes("abc")),
                        "put 0 30 120 3\r\nabc\r\n", "INSERTED 8\r\n", new PutResult(8, false)),
                row("put at the unsigned 32-bit limits with an empty body",
                        c -> c.put(4294967295L, 4294967295L, 4294967295L, new byte[0]),
                        "put 4294967295 4294967295 4294967295 0\r\n\r\n", "INSERTED 9\r\n", new PutResult(9, false)),
                row("put buried by an out-of-memory server", c -> c.put(bytes("x")),
                        "put 1024 0 60 1\r\nx\r\n", "BURIED 12\r\n", new PutResult(12, true)),
                row("use", c -> c.use("emails"), "use emails\r\n", "USING emails\r\n", "emails"),
                row("reserve", BeanstalkConnection::reserve,
                        "reserve\r\n", "RESERVED 5 3\r\nabc\r\n", job(5, "abc")),
                row("reserve-with-timeout", c -> c.reserveWithTimeout(5),
                        "reserve-with-timeout 5\r\n", "RESERVED 6 2\r\nhi\r\n", Optional.of(job(6, "hi"))),
                row("reserve-with-timeout 0 timing out", c -> c.reserveWithTimeout(0),
                        "reserve-with-timeout 0\r\n", "TIMED_OUT\r\n", Optional.empty()),
                row("reserve-job", c -> c.reserveJob(42),
                        "reserve-job 42\r\n", "RESERVED 42 1\r\nz\r\n", Optional.of(job(42, "z"))),
                row("delete", c -> c.delete(3), "delete 3\r\n", "DELETED\r\n", true),
                row("release", c -> c.release(3, 10, 20), "release 3 10 20\r\n", "RELEASED\r\n",
                        ReleaseResult.RELEASED),
                row("release buried by an out-of-memory server", c -> c.release(3, 10, 0), "release 3 10 0\r\n",
                        "BURIED\r\n", ReleaseResult.BURIED),
                row("bury", c -> c.bury(3, 99), "bury 3 99\r\n", "BURIED\r\n", true),
                row("touch", c -> c.touch(3), "touch 3\r\n", "TOUCHED\r\n", true),
                row("watch", c -> c.watch("emails"), "watch emails\r\n", "WATCHING 2\r\n", 2),
                row("ignore", c -> c.ignore("default"), "ignore default\r\n", "WATCHING 1\r\n", 1),
                row("peek", c -> c.peek(11), "peek 11\r\n", "FOUND 11 4\r\nbody\r\n", Optional.of(job(11, "body"))),
                row("peek-ready", BeanstalkConnection::peekReady,
                        "peek-ready\r\n", "FOUND 1 1\r\nr\r\n", Optional.of(job(1, "r"))),
                row("peek-delayed", BeanstalkConnection::peekDelayed,
                        "peek-delayed\r\n", "FOUND 2 1\r\nd\r\n", Optional.of(job(2, "d"))),
                row("peek-buried", BeanstalkConnection::peekBuried,
                        "peek-buried\r\n", "FOUND 3 1\r\nb\r\n", Optional.of(job(3, "b"))),
                row("kick", c -> c.kick(100), "kick 100\r\n", "KICKED 4\r\n", 4L),
                row("kick 0", c -> c.kick(0), "kick 0\r\n", "KICKED 0\r\n", 0L),
                row("kick-job", c -> c.kickJob(8), "kick-job 8\r\n", "KICKED\r\n", true),
                row("list-tubes", BeanstalkConnection::listTubes,
                        "list-tubes\r\n", "OK 23\r\n---\n- default\n- emails\n\r\n", List.of("default", "emails")),
                row("list-tube-used", BeanstalkConnection::listTubeUsed,
                        "list-tube-used\r\n", "USING emails\r\n", "emails"),
                row("list-tubes-watched", BeanstalkConnection::listTubesWatched,
                        "list-tubes-watched\r\n", "OK 14\r\n---\n- default\n\r\n", List.of("default")),
                row("pause-tube", c -> c.pauseTube("emails", 30), "pause-tube emails 30\r\n", "PAUSED\r\n", true));
    }

    private static Arguments row(String command, Function<BeanstalkConnection, Object> call, String sent,
                                 String reply, Object expected) {
        return arguments(command, call, sent, reply, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCommand")
    void command_writes_exact_bytes_and_parses_the_reply(String command, Function<BeanstalkConnection, Object> call,
                                                         String sent, String reply, Object expected) {
        ScriptedSocket socket = server.replies(reply);
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        Object result = call.apply(connection);

        assertEquals(sent, socket.sent());
        assertEquals(expected, result);
        assertTrue(connection.isUsable(), "connection stays usable after " + command);
    }

    @Test
    void put_sends_length_prefixed_binary_body() {
        byte[] body = {'a', '\r', '\n', 0, (byte) 0xff, '\r', '\n', 'z'};
        ScriptedSocket socket = server.replies("INSERTED 1\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        connection.put(body);

        byte[] expected = bytes("put 1024 0 60 8\r\na\r\n\0\u00ff\r\nz\r\n");
        assertArrayEquals(expected, socket.sentBytes());
    }

    @Test
    void reserve_reads_exactly_the_announced_bytes_even_if_they_contain_crlf_and_nul() {
        server.replies("RESERVED 5 7\r\nab\r\ncd\0\r\nRESERVED 6 0\r\n\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        assertArrayEquals(bytes("ab\r\ncd\0"), connection.reserve().body());
        assertEquals(job(6, ""), connection.reserve());
    }

    @Test
    void connection_sets_tcp_nodelay_and_the_configured_read_timeout() {
        ScriptedSocket socket = server.replies("");
        BeanstalkConnection.open(server.configBuilder().commandTimeout(Duration.ofMillis(1500)).build());

        assertTrue(socket.getTcpNoDelay());
        assertEquals(List.of(1500), socket.readTimeouts());
    }

    @Test
    void blocking_reserve_waits_without_read_timeout_and_the_next_command_restores_it() {
        ScriptedSocket socket = server.replies(ScriptedReplies.oneLinePerRead("RESERVED 5 1\r\na\r\nDELETED\r\n"));
        BeanstalkConnection connection = BeanstalkConnection.open(server.config(), 5_000, () -> 0L);

        connection.reserve();
        assertEquals(0, socket.getSoTimeout());
        connection.delete(5);
        assertEquals(10_000, socket.getSoTimeout());
    }

    @Test
    void reserve_with_timeout_extends_the_read_timeout_by_the_reserve_timeout() {
        ScriptedSocket socket = server.replies("TIMED_OUT\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config(), 5_000, () -> 0L);

        connection.reserveWithTimeout(5);

        assertEquals(15_000, socket.getSoTimeout());
    }

    @Test
    void reserve_with_timeout_keeps_no_read_timeout_when_none_is_configured() {
        ScriptedSocket socket = server.replies("TIMED_OUT\r\n");
        BeanstalkConnection connection =
                BeanstalkConnection.open(server.configBuilder().commandTimeout(Duration.ZERO).build());

        connection.reserveWithTimeout(4294967295L);

        assertEquals(0, socket.getSoTimeout());
    }

    @Test
    void stats_job_is_parsed_into_typed_fields() {
        String yaml = "---\nid: 1\ntube: a_b(c)$;+/.-x\nstate: reserved\npri: 1\nage: 3\ndelay: 0\nttr: 10\n"
                + "time-left: 9\nfile: 0\nreserves: 1\ntimeouts: 0\nreleases: 2\nburies: 3\nkicks: 4\n";
        ScriptedSocket socket = server.replies("OK " + yaml.length() + "\r\n" + yaml + "\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        JobStats stats = connection.statsJob(1).orElseThrow();

        assertEquals("stats-job 1\r\n", socket.sent());
        assertEquals(new JobStats(1, "a_b(c)$;+/.-x", JobStats.State.RESERVED, 1, 3, 0, 10, 9, 0, 1, 0, 2, 3, 4),
                stats);
    }

    @Test
    void stats_tube_is_parsed_into_typed_fields() {
        String yaml = "---\nname: \"emails\"\ncurrent-jobs-urgent: 1\ncurrent-jobs-ready: 2\n"
                + "current-jobs-reserved: 3\ncurrent-jobs-delayed: 4\ncurrent-jobs-buried: 5\ntotal-jobs: 6\n"
                + "current-using: 7\ncurrent-watching: 8\ncurrent-waiting: 9\ncmd-delete: 10\n"
                + "cmd-pause-tube: 11\npause: 12\npause-time-left: 13\n";
        ScriptedSocket socket = server.replies("OK " + yaml.length() + "\r\n" + yaml + "\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        TubeStats stats = connection.statsTube("emails").orElseThrow();

        assertEquals("stats-tube emails\r\n", socket.sent());
        assertEquals(new TubeStats("emails", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13), stats);
    }

    @Test
    void stats_is_parsed_with_raw_fields_kept() {
        String yaml = StatsSamples.SERVER_STATS_1_13;
        ScriptedSocket socket = server.replies("OK " + yaml.length() + "\r\n" + yaml + "\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        ServerStats stats = connection.stats();

        assertEquals("stats\r\n", socket.sent());
        assertEquals("1.13", stats.version());
        assertEquals(65535, stats.maxJobSize());
        assertEquals("x86_64", stats.raw().get("platform"));
    }

    @Test
    void quit_sends_quit_and_closes_the_connection() {
        ScriptedSocket socket = server.replies("");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        connection.quit();

        assertEquals("quit\r\n", socket.sent());
        assertTrue(socket.isClosed());
        assertFalse(connection.isUsable());
    }

    @Test
    void close_closes_the_socket_without_sending_anything() {
        ScriptedSocket socket = server.replies("");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        connection.close();

        assertEquals("", socket.sent());
        assertTrue(socket.isClosed());
    }
}
