package io.jobqueue.beanstalkd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Pipelined bulk put: all puts of a chunk are written before any reply is read. */
class PutAllTest {

    private final ScriptedServer server = new ScriptedServer();

    private static List<PutRequest> requests(int count) {
        return IntStream.range(0, count).mapToObj(i -> PutRequest.of("job" + i)).toList();
    }

    private static String puts(int from, int to) {
        StringBuilder sent = new StringBuilder();
        for (int i = from; i < to; i++) {
            String body = "job" + i;
            sent.append("put 1024 0 60 ").append(body.length()).append("\r\n").append(body).append("\r\n");
        }
        return sent.toString();
    }

    private static String inserted(int from, int to) {
        StringBuilder replies = new StringBuilder();
        for (int i = from; i < to; i++) {
            replies.append("INSERTED ").append(i + 1).append("\r\n");
        }
        return replies.toString();
    }

    @Test
    void put_all_writes_every_put_before_reading_the_replies_in_order() {
        ScriptedSocket socket = server.replies("INSERTED 10\r\nBURIED 11\r\nINSERTED 12\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        List<PutResult> results = connection.putAll(requests(3));

        assertEquals(puts(0, 3), socket.sent());
        assertEquals(puts(0, 3).length(), socket.sentAtFirstRead());
        assertEquals(List.of(new PutResult(10, false), new PutResult(11, true), new PutResult(12, false)), results);
    }

    @Test
    void put_all_writes_in_chunks_of_a_thousand() {
        ScriptedSocket socket = server.replies(inserted(0, 2500));
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        List<PutResult> results = connection.putAll(requests(2500));

        assertEquals(BeanstalkConnection.PUT_ALL_CHUNK_SIZE, 1000);
        assertEquals(puts(0, 1000).length(), socket.sentAtFirstRead());
        assertEquals(puts(0, 2500), socket.sent());
        assertEquals(2500, results.size());
        assertEquals(new PutResult(2500, false), results.get(2499));
    }

    @Test
    void put_all_of_nothing_writes_nothing() {
        ScriptedSocket socket = server.replies("");

        assertEquals(List.of(), BeanstalkConnection.open(server.config()).putAll(List.of()));
        assertEquals("", socket.sent());
    }

    @Test
    void put_all_reports_which_jobs_were_inserted_when_one_put_is_rejected() {
        ScriptedSocket socket = server.replies("INSERTED 1\r\nJOB_TOO_BIG\r\nINSERTED 3\r\nDELETED\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        BeanstalkPutAllException e = assertThrows(BeanstalkPutAllException.class, () -> connection.putAll(requests(3)));

        assertEquals(ServerError.JOB_TOO_BIG, e.error());
        assertEquals(1, e.failedIndex());
        assertEquals(3, e.requested());
        assertEquals(Map.of(0, new PutResult(1, false), 2, new PutResult(3, false)), e.insertedByIndex());
        assertTrue(connection.isUsable(), "all replies of the chunk were read, so the connection is in step");
        assertTrue(connection.delete(1));
        assertEquals(puts(0, 3) + "delete 1\r\n", socket.sent());
    }

    @Test
    void put_all_sends_no_further_chunk_after_a_rejected_put() {
        String replies = "DRAINING\r\n" + inserted(1, 1000);
        ScriptedSocket socket = server.replies(replies);
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        BeanstalkPutAllException e = assertThrows(BeanstalkPutAllException.class,
                () -> connection.putAll(requests(1500)));

        assertEquals(0, e.failedIndex());
        assertEquals(999, e.insertedByIndex().size());
        assertEquals(puts(0, 1000), socket.sent());
    }

    @Test
    void put_all_stops_reading_and_breaks_the_connection_when_the_server_misread_a_put() {
        server.replies("INSERTED 1\r\nBAD_FORMAT\r\nUNKNOWN_COMMAND\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        BeanstalkPutAllException e = assertThrows(BeanstalkPutAllException.class, () -> connection.putAll(requests(3)));

        assertEquals(ServerError.BAD_FORMAT, e.error());
        assertEquals(Map.of(0, new PutResult(1, false)), e.insertedByIndex());
        assertFalse(connection.isUsable());
    }

    @Test
    void put_all_sends_binary_bodies_byte_for_byte() {
        byte[] body = {0, '\r', '\n', (byte) 0x80};
        ScriptedSocket socket = server.replies("INSERTED 1\r\nINSERTED 2\r\n");

        BeanstalkConnection.open(server.config()).putAll(List.of(PutRequest.of(body), PutRequest.of(body)));

        String one = "put 1024 0 60 4\r\n\0\r\n\u0080\r\n";
        assertEquals(one + one, new String(socket.sentBytes(), StandardCharsets.ISO_8859_1));
    }
}
