package io.jobqueue.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Address;
import io.jobqueue.InvalidInputException;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AmqpUrlTest {
    private static final String SECRET = "s3cr3t";

    @Test
    void a_single_broker_url_is_parsed_by_the_client() {
        AmqpUrl url = AmqpUrl.parse("amqp://bob:" + SECRET + "@mq.example:5673/jobs?heartbeat=7");
        assertEquals(List.of(new Address("mq.example", 5673)), url.addresses());
        assertEquals("bob", url.factory().getUsername());
        assertEquals("jobs", url.factory().getVirtualHost());
        assertEquals(7, url.factory().getRequestedHeartbeat());
        assertEquals("amqp://mq.example:5673/jobs", url.address());
    }

    @Test
    void several_brokers_share_user_vhost_and_query_and_a_missing_port_is_5672() {
        AmqpUrl url = AmqpUrl.parse("amqp://bob:" + SECRET + "@h1:5681,h2,[::1]:5683/%2F?heartbeat=7");
        assertEquals(List.of(new Address("h1", 5681), new Address("h2", 5672), new Address("::1", 5683)),
                url.addresses());
        assertEquals("bob", url.factory().getUsername());
        assertEquals(SECRET, url.factory().getPassword());
        assertEquals("/", url.factory().getVirtualHost());
        assertEquals(7, url.factory().getRequestedHeartbeat());
        assertEquals("amqp://h1:5681,h2:5672,[::1]:5683//", url.address());
        assertFalse(url.address().contains(SECRET));
    }

    @ParameterizedTest
    @ValueSource(strings = {"amqp://bob:" + SECRET + "@h1:5672,,h3:5672/%2F", "amqp://bob:" + SECRET + "@h1:5672,/x",
            "amqp://bob:" + SECRET + "@h1:5672,h2:port/x", "amqp://bob:" + SECRET + "@h1:5672,h2:70000/x",
            "amqp://bob:" + SECRET + "@h1:5672,bad host:5672/x", "amqp://bob:" + SECRET + "@h1:5672,h2:5672:1/x",
            "amqp://bob:" + SECRET + "@h 1,h2/x"})
    void a_bad_broker_list_is_refused_by_position_without_the_password(String url) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> AmqpUrl.parse(url));
        assertTrue(e.getMessage().contains("amqp://***@"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(e.getMessage().contains("broker") || e.getMessage().contains("expected"), e.getMessage());
    }

    @Test
    void the_named_broker_is_told_when_an_entry_is_empty() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> AmqpUrl.parse("amqp://bob:" + SECRET + "@h1:5672,,h3:5672/%2F"));
        assertTrue(e.getMessage().contains("broker 2 of 3 is ''"), e.getMessage());
    }

    /** The live broker is last; the others are closed ports. Any order the client tries, it ends up connected. */
    @Test
    void connects_to_the_one_live_broker_of_several() throws Exception {
        int closed1 = freePort();
        int closed2 = freePort();
        String single = RabbitMqServer.URL;
        int at = single.lastIndexOf('@');
        String hostPort = single.substring(at + 1, single.indexOf('/', at));
        String multi = single.substring(0, at + 1) + "127.0.0.1:" + closed1 + ",127.0.0.1:" + closed2 + ","
                + hostPort + single.substring(single.indexOf('/', at));
        String pipeline = "multi-url-" + Long.toHexString(System.nanoTime());
        RabbitBackend backend = RabbitBackend.open(multi, QueueSettings.defaults());
        try (JobQueue queue = JobQueue.create(backend, QueueSettings.defaults())) {
            JobQueue q = queue.selectPipeline(pipeline);
            q.addJob("over the live broker");
            assertEquals(1, q.getReadyCount());
            assertTrue(backend.toString().contains(",127.0.0.1:"), backend.toString());
            assertFalse(backend.toString().contains("guest:"), backend.toString());
        } finally {
            RabbitMqServer.deleteAll(null, backend.declaredQueues());
        }
    }

    @Test
    void when_no_broker_is_up_the_error_names_them_all_without_the_password() throws Exception {
        String url = "amqp://bob:" + SECRET + "@127.0.0.1:" + freePort() + ",127.0.0.1:" + freePort() + "/%2F";
        RuntimeException e = assertThrows(RuntimeException.class, () -> JobQueue.connect(url));
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t).contains(SECRET), String.valueOf(t));
        }
        assertTrue(e.getMessage().contains(url.substring(url.indexOf('@') + 1, url.indexOf('/', url.indexOf('@')))),
                e.getMessage());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
