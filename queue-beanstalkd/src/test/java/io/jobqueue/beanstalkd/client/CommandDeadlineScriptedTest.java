package io.jobqueue.beanstalkd.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The command timeout bounds a whole round trip, not each socket read: scripted replies arrive a byte (or a
 * line) per read while a test clock moves, and each read gets only the time left as its SO_TIMEOUT.
 */
class CommandDeadlineScriptedTest {

    private final ScriptedServer server = new ScriptedServer();
    private final AtomicLong clock = new AtomicLong();

    private BeanstalkConnection open(Duration commandTimeout) {
        return BeanstalkConnection.open(server.configBuilder().commandTimeout(commandTimeout).build(), 5_000,
                clock::get);
    }

    private void advance(long millis) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void each_read_gets_the_time_left_and_a_dripping_reply_fails_at_the_deadline() {
        AtomicLong bytesRead = new AtomicLong();
        ScriptedSocket socket = server.replies(ScriptedReplies.oneBytePerRead("INSERTED 1\r\n", n -> {
            bytesRead.set(n);
            advance(300);
        }));
        BeanstalkConnection connection = open(Duration.ofSeconds(1));

        BeanstalkTimeoutException e = assertThrows(BeanstalkTimeoutException.class,
                () -> connection.put("hello".getBytes(StandardCharsets.US_ASCII)));

        assertEquals("put on 127.0.0.1:11300 timed out: the round trip did not complete within 1000 ms"
                + " (BeanstalkConfig.commandTimeout); the connection is closed and will not be reused", e.getMessage());
        assertEquals("put", e.command());
        assertEquals(Duration.ofSeconds(1), e.budget());
        assertEquals(List.of(1000, 700, 400, 100), socket.readTimeouts(), "SO_TIMEOUT is the time left");
        assertEquals(4, bytesRead.get(), "no read once the deadline has passed");
        assertEquals("put 1024 0 60 5\r\nhello\r\n", socket.sent());
        assertTrue(socket.isClosed());
        assertFalse(connection.isUsable());
        BeanstalkConnectionException next =
                assertThrows(BeanstalkConnectionException.class, () -> connection.delete(1));
        assertTrue(next.getMessage().contains("broken since an earlier failure"), next.getMessage());
        assertEquals("put 1024 0 60 5\r\nhello\r\n", socket.sent(), "nothing more is sent on a broken connection");
    }

    @Test
    void a_body_dripped_after_a_complete_line_is_bounded_by_the_same_deadline() {
        AtomicLong bytesRead = new AtomicLong();
        String line = "FOUND 7 20\r\n";
        server.replies(ScriptedReplies.oneBytePerRead(line + "x".repeat(20) + "\r\n", n -> {
            bytesRead.set(n);
            advance(100);
        }));
        BeanstalkConnection connection = open(Duration.ofSeconds(2));

        BeanstalkTimeoutException e = assertThrows(BeanstalkTimeoutException.class, () -> connection.peek(7));

        assertEquals("peek", e.command());
        assertEquals(20, bytesRead.get(), "the line (12 bytes) was read, the body was cut off at 2 s");
        assertFalse(connection.isUsable());
    }

    @Test
    void a_reply_within_the_deadline_succeeds_however_many_reads_it_takes() {
        server.replies(ScriptedReplies.oneBytePerRead("FOUND 7 3\r\nabc\r\n", n -> advance(50)));
        BeanstalkConnection connection = open(Duration.ofSeconds(1));

        Optional<BeanstalkJob> job = connection.peek(7);

        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), job.orElseThrow().body());
        assertTrue(connection.isUsable());
    }

    @Test
    void reserve_with_timeout_gets_its_own_wait_plus_the_command_timeout() {
        server.replies(ScriptedReplies.oneLinePerRead("TIMED_OUT\r\n", () -> advance(5_900)));
        server.replies(ScriptedReplies.oneBytePerRead("TIMED_OUT\r\n", n -> advance(600)));
        BeanstalkConnection patient = open(Duration.ofSeconds(1));
        BeanstalkConnection late = open(Duration.ofSeconds(1));

        assertEquals(Optional.empty(), patient.reserveWithTimeout(5));
        BeanstalkTimeoutException e = assertThrows(BeanstalkTimeoutException.class, () -> late.reserveWithTimeout(5));

        assertTrue(e.getMessage().contains("within 6000 ms (its 5 s wait plus BeanstalkConfig.commandTimeout)"),
                e.getMessage());
    }

    @Test
    void each_chunk_of_a_pipelined_batch_has_the_deadline_to_itself() {
        // 2 chunks of 1000 replies, one line per read, 0.75 ms per read: 1.5 s in all, 0.75 s per chunk.
        String replies = IntStream.rangeClosed(1, 2 * BeanstalkConnection.PUT_ALL_CHUNK_SIZE)
                .mapToObj(i -> "INSERTED " + i + "\r\n").reduce("", String::concat);
        server.replies(ScriptedReplies.oneLinePerRead(replies,
                () -> clock.addAndGet(TimeUnit.MICROSECONDS.toNanos(750))));
        BeanstalkConnection connection = open(Duration.ofSeconds(1));
        List<PutRequest> puts = IntStream.range(0, 2 * BeanstalkConnection.PUT_ALL_CHUNK_SIZE)
                .mapToObj(i -> PutRequest.of("job " + i)).toList();

        List<PutResult> results = connection.putAll(puts);

        assertEquals(2 * BeanstalkConnection.PUT_ALL_CHUNK_SIZE, results.size());
        assertTrue(connection.isUsable());
    }

    @Test
    void a_blocking_reserve_has_no_deadline() {
        server.replies(ScriptedReplies.oneLinePerRead("RESERVED 3 1\r\na\r\n", () -> advance(3_600_000)));
        BeanstalkConnection connection = open(Duration.ofSeconds(1));

        assertEquals(3, connection.reserve().id());
        assertTrue(connection.isUsable());
    }

    @Test
    void within_bounds_a_sequence_of_commands_as_a_whole() {
        ScriptedSocket socket = server.replies(ScriptedReplies.oneLinePerRead("DELETED\r\nDELETED\r\n"));
        BeanstalkClient client = new BeanstalkClient(server.configBuilder().commandTimeout(Duration.ofSeconds(10))
                .build(), delay -> { });

        // The budget runs out between the commands (on the real clock): the second is not sent at all.
        BeanstalkTimeoutException e = assertThrows(BeanstalkTimeoutException.class,
                () -> client.within(Duration.ofMillis(50), c -> {
                    c.delete(1);
                    pause(120);
                    return c.delete(2);
                }));

        assertTrue(e.getMessage().contains("delete on 127.0.0.1:11300 timed out before it was sent")
                && e.getMessage().contains(
                        "within the deadline of its call (50 ms in all for the call, BeanstalkClient.within)"),
                e.getMessage());
        assertEquals("delete 1\r\n", socket.sent());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
