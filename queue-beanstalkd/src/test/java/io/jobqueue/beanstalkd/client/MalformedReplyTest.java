package io.jobqueue.beanstalkd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Replies that are truncated, malformed or unexpected: a clear exception, a broken connection, no hang. */
class MalformedReplyTest {

    private static final byte[] BODY = "hi".getBytes(StandardCharsets.US_ASCII);

    private final ScriptedServer server = new ScriptedServer();

    static Stream<Arguments> malformedReplies() {
        return Stream.of(
                row("body cut off by end of stream", c -> c.peek(1), "FOUND 1 10\r\nabc", "cut off"),
                row("body without its CRLF before end of stream", BeanstalkConnection::reserve,
                        "RESERVED 1 3\r\nabc", "before its CRLF"),
                row("body followed by other bytes than CRLF", BeanstalkConnection::reserve,
                        "RESERVED 1 3\r\nabcXY", "not followed by CRLF"),
                row("non-numeric job id", BeanstalkConnection::reserve, "RESERVED x 3\r\nabc\r\n", "non-negative integer"),
                row("missing body length", BeanstalkConnection::reserve, "RESERVED x\r\n", "should have 2 argument"),
                row("negative count", c -> c.kick(5), "KICKED -1\r\n", "non-negative integer"),
                row("number with a sign", c -> c.put(BODY), "INSERTED +5\r\n", "non-negative integer"),
                row("number too large for a long", c -> c.put(BODY), "INSERTED 99999999999999999999\r\n",
                        "non-negative integer"),
                row("job id 0", c -> c.put(BODY), "INSERTED 0\r\n", "job id 0"),
                row("unknown reply word", c -> c.delete(1), "HELLO\r\n", "unexpected reply to delete"),
                row("reply word of another command", c -> c.delete(1), "TOUCHED\r\n", "unexpected reply to delete"),
                row("error word with arguments", c -> c.delete(1), "NOT_FOUND 3\r\n", "should have 0 argument"),
                row("success word with extra arguments", c -> c.delete(1), "DELETED 5\r\n", "should have 0 argument"),
                row("line cut off by end of stream", c -> c.delete(1), "DELE", "cut off by end of stream"),
                row("line ending in a bare LF", c -> c.delete(1), "DELETED\n", "unexpected byte 0x0a"),
                row("CR not followed by LF", c -> c.delete(1), "DELETED\rX", "CR not followed by LF"),
                row("double space", c -> c.kick(1), "KICKED  1\r\n", "malformed reply line"),
                row("data length beyond 1 GiB", BeanstalkConnection::stats, "OK 99999999999\r\n", "more than"),
                row("peek answered with another job", c -> c.peek(1), "FOUND 2 1\r\nx\r\n", "asked for job 1"),
                row("reserve-job answered with another job", c -> c.reserveJob(1), "RESERVED 2 1\r\nx\r\n",
                        "asked for job 1"),
                row("use answered with another tube", c -> c.use("a"), "USING b\r\n", "was answered with"),
                row("YAML that is not a dictionary", BeanstalkConnection::stats, "OK 8\r\n---\nfoo\n\r\n",
                        "malformed YAML dictionary"),
                row("YAML that is not a list", BeanstalkConnection::listTubes, "OK 8\r\n---\nfoo\n\r\n",
                        "malformed YAML list"),
                row("stats-job without a required field", c -> c.statsJob(1), "OK 10\r\n---\nid: 1\n\r\n",
                        "lacks the field"),
                row("stats-job with an unknown state", c -> c.statsJob(1), statsJobWithState("sleeping"),
                        "unknown state"));
    }

    private static String statsJobWithState(String state) {
        String yaml = "---\nid: 1\ntube: t\nstate: " + state + "\npri: 1\nage: 0\ndelay: 0\nttr: 1\ntime-left: 0\n"
                + "file: 0\nreserves: 0\ntimeouts: 0\nreleases: 0\nburies: 0\nkicks: 0\n";
        return "OK " + yaml.length() + "\r\n" + yaml + "\r\n";
    }

    private static Arguments row(String description, Function<BeanstalkConnection, Object> call, String reply,
                                 String messagePart) {
        return arguments(description, call, reply, messagePart);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedReplies")
    void malformed_reply_throws_protocol_exception_and_breaks_the_connection(
            String description, Function<BeanstalkConnection, Object> call, String reply, String messagePart) {
        ScriptedSocket socket = server.replies(reply);
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        BeanstalkProtocolException e = assertThrows(BeanstalkProtocolException.class, () -> call.apply(connection));

        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        assertFalse(connection.isUsable());
        assertTrue(socket.isClosed(), "a broken connection is closed");
        assertSame(e, connection.brokenCause().orElseThrow());
    }

    @Test
    void every_call_after_a_failure_fails_with_the_first_cause_and_writes_nothing() {
        ScriptedSocket socket = server.replies("FOUND 1 10\r\nabc");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());
        BeanstalkProtocolException first = assertThrows(BeanstalkProtocolException.class, () -> connection.peek(1));
        int sentBefore = socket.sentBytes().length;

        BeanstalkConnectionException later = assertThrows(BeanstalkConnectionException.class,
                () -> connection.delete(1));
        BeanstalkConnectionException again = assertThrows(BeanstalkConnectionException.class,
                connection::listTubes);

        assertSame(first, later.getCause());
        assertSame(first, again.getCause());
        assertEquals(sentBefore, socket.sentBytes().length);
    }

    @Test
    void endless_reply_line_is_rejected_after_the_maximum_length_without_hanging() {
        server.replies(new InputStream() {
            @Override
            public int read() {
                return 'A';
            }
        });
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        BeanstalkProtocolException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(BeanstalkProtocolException.class, () -> connection.delete(1)));

        assertTrue(e.getMessage().contains("longer than 1024 bytes"), e.getMessage());
    }

    @Test
    void reply_line_of_exactly_the_maximum_length_is_accepted() {
        String tube = "t".repeat(200);
        server.replies("USING " + tube + "\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        assertEquals(tube, connection.listTubeUsed());
    }

    @Test
    void end_of_stream_before_a_reply_is_a_connection_failure() {
        server.replies("");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        BeanstalkConnectionException e = assertThrows(BeanstalkConnectionException.class, () -> connection.delete(1));

        assertTrue(e.getMessage().contains("closed by the server"), e.getMessage());
        assertFalse(connection.isUsable());
    }

    @Test
    void read_timeout_is_a_connection_failure_that_breaks_the_connection() {
        server.replies(new InputStream() {
            @Override
            public int read() throws IOException {
                throw new SocketTimeoutException("Read timed out");
            }
        });
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        BeanstalkTimeoutException e = assertThrows(BeanstalkTimeoutException.class, connection::stats);

        assertTrue(e.getMessage().startsWith("stats on 127.0.0.1:11300 timed out") && e.getMessage().contains(
                "within 10000 ms (BeanstalkConfig.commandTimeout)"), e.getMessage());
        assertFalse(connection.isUsable());
    }

    @Test
    void write_failure_is_a_connection_failure_that_breaks_the_connection() {
        server.replies("INSERTED 1\r\n").failWritesWith(new IOException("Broken pipe"));
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        BeanstalkConnectionException e = assertThrows(BeanstalkConnectionException.class, () -> connection.put(BODY));

        assertTrue(e.getMessage().contains("Broken pipe"), e.getMessage());
        assertFalse(connection.isUsable());
    }

    @Test
    void refused_connection_is_a_connection_failure_naming_the_address() {
        server.refuses();

        BeanstalkConnectionException e = assertThrows(BeanstalkConnectionException.class,
                () -> BeanstalkConnection.open(server.config()));

        assertTrue(e.getMessage().contains("127.0.0.1:11300"), e.getMessage());
    }

    @Test
    void closed_connection_refuses_commands() {
        ScriptedSocket socket = server.replies("DELETED\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());
        connection.close();

        BeanstalkConnectionException e = assertThrows(BeanstalkConnectionException.class, () -> connection.delete(1));

        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertEquals("", socket.sent());
    }
}
