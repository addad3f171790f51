package io.jobqueue.beanstalkd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.BackendException;
import io.jobqueue.InvalidInputException;
import io.jobqueue.beanstalkd.client.BeanstalkClient;
import io.jobqueue.beanstalkd.client.ScriptedServer;
import io.jobqueue.beanstalkd.client.ScriptedSocket;
import io.jobqueue.spi.NewJob;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Adding is all or none as far as beanstalkd allows: what a real server does only when out of memory is
 * scripted here, byte for byte.
 */
class ProducingTest {
    private final ScriptedServer server = new ScriptedServer();

    private static List<NewJob> jobs(String... bodies) {
        return Arrays.stream(bodies).map(b -> new NewJob(b.getBytes(StandardCharsets.UTF_8), 5,
                Duration.ofMillis(1_500), Duration.ofSeconds(30))).toList();
    }

    private static String put(String body) {
        return "put 5 2 30 " + body.length() + "\r\n" + body + "\r\n";
    }

    @Test
    void a_job_buried_for_lack_of_memory_is_deleted_again_and_the_add_fails() {
        ScriptedSocket socket = server.replies("BURIED 5\r\nDELETED\r\n");
        try (BeanstalkClient client = new BeanstalkClient(server.config())) {
            BackendException e = assertThrows(BackendException.class,
                    () -> Producing.put(client, jobs("x"), null, "adding"));
            assertTrue(e.getMessage().contains("out of memory"), e.getMessage());
            assertTrue(e.getMessage().contains("none was added"), e.getMessage());
        }
        assertEquals(put("x") + "delete 5\r\n", socket.sent());
    }

    @Test
    void a_batch_the_server_rejects_midway_is_withdrawn_and_what_could_not_be_is_named() {
        ScriptedSocket socket =
                server.replies("INSERTED 10\r\nOUT_OF_MEMORY\r\nINSERTED 12\r\nDELETED\r\nNOT_FOUND\r\n");
        try (BeanstalkClient client = new BeanstalkClient(server.config())) {
            BackendException e = assertThrows(BackendException.class,
                    () -> Producing.put(client, jobs("a", "b", "c"), null, "adding"));
            assertTrue(e.getMessage().contains("OUT_OF_MEMORY"), e.getMessage());
            assertTrue(e.getMessage().contains("[12]"), e.getMessage());
        }
        assertEquals(put("a") + put("b") + put("c") + "delete 10\r\ndelete 12\r\n", socket.sent());
    }

    @Test
    void a_job_too_big_for_the_server_is_bad_input() {
        server.replies("INSERTED 10\r\nJOB_TOO_BIG\r\nDELETED\r\n");
        try (BeanstalkClient client = new BeanstalkClient(server.config())) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> Producing.put(client, jobs("a", "b"), null, "adding"));
            assertTrue(e.getMessage().contains("none was added"), e.getMessage());
        }
    }

    @Test
    void delay_and_ttr_are_sent_in_whole_seconds_rounded_up() {
        ScriptedSocket socket = server.replies("INSERTED 10\r\n");
        try (BeanstalkClient client = new BeanstalkClient(server.config())) {
            assertEquals(List.of(10L), Producing.put(client, jobs("x"), null, "adding"));
        }
        assertEquals(put("x"), socket.sent());
    }
}
