package io.jobqueue.beanstalkd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.beanstalkd.client.RawProtocolSocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs cross between this library and any other beanstalkd client: a plain socket speaking the protocol by
 * hand stands in for a producer or worker written in another language.
 */
class BeanstalkdInteropTest {
    private static final byte[] BODY = {'{', '"', 'a', '"', ':', 0, '}', '\r', '\n', (byte) 0xFF, 0, '\r', '\n', 'x',
            (byte) 0x80};

    @RegisterExtension
    static final BeanstalkdServerExtension BEANSTALKD = new BeanstalkdServerExtension();

    private static JobQueue queue;

    @BeforeAll
    static void connect() {
        queue = JobQueue.connect(BEANSTALKD.url());
    }

    @AfterAll
    static void close() {
        queue.close();
    }

    @Test
    void a_job_put_by_another_client_is_reserved_and_deleted_by_the_queue() throws Exception {
        String tube = "interop-in-" + System.nanoTime();
        long id;
        try (RawProtocolSocket raw = raw()) {
            raw.send("use " + tube + "\r\n");
            assertEquals("USING " + tube, raw.readLine());
            raw.send(concat(("put 7 0 120 " + BODY.length + "\r\n").getBytes(StandardCharsets.US_ASCII), BODY,
                    "\r\n".getBytes(StandardCharsets.US_ASCII)));
            String inserted = raw.readLine();
            assertTrue(inserted.startsWith("INSERTED "), inserted);
            id = Long.parseLong(inserted.substring("INSERTED ".length()));
        }

        JobQueue worker = queue.watchPipeline(tube);
        Job job = worker.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow();
        assertEquals(id, job.id());
        assertArrayEquals(BODY, job.payload());
        assertEquals(tube, job.pipeline());
        assertEquals(7, job.priority());
        assertEquals(Duration.ofSeconds(120), job.ttr());
        assertEquals(JobState.RESERVED, job.state());
        worker.delete(job);

        try (RawProtocolSocket raw = raw()) {
            raw.send("peek " + id + "\r\n");
            assertEquals("NOT_FOUND", raw.readLine());
        }
    }

    @Test
    void a_job_added_by_the_queue_is_reserved_and_deleted_by_another_client() throws Exception {
        String tube = "interop-out-" + System.nanoTime();
        long id = queue.selectPipeline(tube).addJob(BODY, JobOptions.defaults().withPriority(3)
                .withTtr(Duration.ofSeconds(30)));

        try (RawProtocolSocket raw = raw()) {
            raw.send("watch " + tube + "\r\nignore default\r\n");
            assertEquals("WATCHING 2", raw.readLine());
            assertEquals("WATCHING 1", raw.readLine());
            raw.send("reserve-with-timeout 5\r\n");
            assertEquals("RESERVED " + id + " " + BODY.length, raw.readLine());
            assertArrayEquals(BODY, raw.readData(BODY.length));
            raw.send("stats-job " + id + "\r\n");
            String header = raw.readLine();
            String stats = new String(raw.readData(Integer.parseInt(header.substring("OK ".length()))),
                    StandardCharsets.US_ASCII);
            assertTrue(stats.contains("pri: 3\n") && stats.contains("ttr: 30\n"), stats);
            raw.send("delete " + id + "\r\n");
            assertEquals("DELETED", raw.readLine());
        }
        assertEquals(Optional.empty(), queue.peek(id));
    }

    private static RawProtocolSocket raw() throws Exception {
        return new RawProtocolSocket(BEANSTALKD.host(), BEANSTALKD.port());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
