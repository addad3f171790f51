package io.jobqueue.beanstalkd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.InvalidInputException;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.QueueSettings;
import io.jobqueue.beanstalkd.client.BeanstalkClient;
import io.jobqueue.beanstalkd.client.JobStats;
import io.jobqueue.beanstalkd.client.RawProtocolSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The option {@value BeanstalkBackend#JOB_HEADER}: what a reserve reads without stats-job, and what it reads on demand. */
class JobHeaderBackendTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final byte[] BODY = {'{', '"', 'a', '"', ':', 0, '}', '\r', '\n', (byte) 0xFF};

    @RegisterExtension
    static final BeanstalkdServerExtension BEANSTALKD = new BeanstalkdServerExtension();

    private static BeanstalkClient direct;
    private static JobQueue withHeader;
    private static JobQueue plain;

    @BeforeAll
    static void connect() {
        direct = BeanstalkClient.connect(BEANSTALKD.url());
        withHeader = JobQueue.connect(BEANSTALKD.url(),
                QueueSettings.builder().option(BeanstalkBackend.JOB_HEADER, "true").build());
        plain = JobQueue.connect(BEANSTALKD.url());
    }

    @AfterAll
    static void close() {
        withHeader.close();
        plain.close();
        direct.close();
    }

    private static String tube() {
        return "header-" + System.nanoTime();
    }

    private static long statsJobCommands() {
        return Long.parseLong(direct.stats().raw().get("cmd-stats-job"));
    }

    @Test
    void a_reserve_of_jobs_with_a_header_sends_no_stats_job_and_reads_the_count_when_asked() {
        String tube = tube();
        Instant before = Instant.now();
        List<Long> ids = withHeader.selectPipeline(tube).addJobs(List.of(BODY, BODY, BODY),
                JobOptions.defaults().withPriority(77).withTtr(Duration.ofSeconds(45)));
        long statsBefore = statsJobCommands();

        List<Job> jobs = withHeader.watchPipeline(tube).reserveJobs(3, WAIT);

        assertEquals(statsBefore, statsJobCommands(), "stats-job sent by the reserve");
        assertEquals(ids, jobs.stream().map(Job::id).toList());
        Job job = jobs.get(0);
        assertArrayEquals(BODY, job.payload());
        assertEquals(tube, job.pipeline());
        assertEquals(Duration.ofSeconds(45), job.ttr());
        assertEquals(JobState.RESERVED, job.state());
        assertTrue(!job.createdAt().isBefore(before.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                && !job.createdAt().isAfter(Instant.now()), job.createdAt() + " not after " + before);
        assertEquals(OptionalInt.empty(), job.knownReserves());

        assertEquals(1, job.reserves());
        assertEquals(77, job.priority());
        assertEquals(OptionalInt.of(1), job.knownReserves());
        assertEquals(statsBefore + 1, statsJobCommands(), "one stats-job for both fields, once");
        for (Job j : jobs) {
            withHeader.delete(j);
        }
    }

    @Test
    void a_body_put_without_a_header_by_another_client_or_an_earlier_version_is_read_with_stats_job()
            throws Exception {
        String tube = tube();
        long id;
        try (RawProtocolSocket raw = new RawProtocolSocket(BEANSTALKD.host(), BEANSTALKD.port())) {
            raw.send("use " + tube + "\r\n");
            assertEquals("USING " + tube, raw.readLine());
            raw.send(("put 9 0 33 " + BODY.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            raw.send(BODY);
            raw.send("\r\n");
            String inserted = raw.readLine();
            id = Long.parseLong(inserted.substring("INSERTED ".length()));
        }
        long statsBefore = statsJobCommands();

        Job job = withHeader.watchPipeline(tube).getNextJobAndReserve(WAIT).orElseThrow();

        assertEquals(statsBefore + 1, statsJobCommands());
        assertEquals(id, job.id());
        assertArrayEquals(BODY, job.payload());
        assertEquals(tube, job.pipeline());
        assertEquals(Duration.ofSeconds(33), job.ttr());
        assertEquals(OptionalInt.of(1), job.knownReserves());
        assertEquals(9, job.priority());
        withHeader.delete(job);
    }

    @Test
    void a_queue_without_the_option_reads_the_header_but_another_client_sees_it() throws Exception {
        String tube = tube();
        JobQueue producer = withHeader.selectPipeline(tube);
        long first = producer.addJob(BODY);
        long second = producer.addJob(BODY);

        Job job = plain.watchPipeline(tube).getNextJobAndReserve(WAIT).orElseThrow();
        assertEquals(first, job.id());
        assertArrayEquals(BODY, job.payload());
        assertEquals(OptionalInt.empty(), job.knownReserves()); // the option is for adds: any reserve reads a header
        assertEquals(1, job.reserves());
        plain.delete(job);
        assertArrayEquals(BODY, plain.peek(second).orElseThrow().payload());

        try (RawProtocolSocket raw = new RawProtocolSocket(BEANSTALKD.host(), BEANSTALKD.port())) {
            raw.send("peek " + second + "\r\n");
            assertEquals("FOUND " + second + " " + (JobHeader.BYTES + BODY.length), raw.readLine());
        }
        plain.delete(second);
    }

    @Test
    void a_job_released_with_another_priority_reads_the_new_priority_and_count() {
        String tube = tube();
        withHeader.selectPipeline(tube).addJob(BODY, JobOptions.defaults().withPriority(500));
        JobQueue worker = withHeader.watchPipeline(tube);
        Job first = worker.getNextJobAndReserve(WAIT).orElseThrow();
        worker.release(first, 20, Duration.ZERO);

        Job again = worker.getNextJobAndReserve(WAIT).orElseThrow();
        assertEquals(first.id(), again.id());
        assertEquals(OptionalInt.empty(), again.knownReserves());
        assertEquals(20, again.priority());
        assertEquals(2, again.reserves());
        worker.delete(again);
    }

    @Test
    void a_held_job_past_its_ttr_is_given_back_with_its_priority() {
        String tube = tube();
        long id = withHeader.selectPipeline(tube).addJob(BODY,
                JobOptions.defaults().withPriority(321).withTtr(Duration.ofSeconds(1)));
        Job held = withHeader.watchPipeline(tube).getNextJobAndReserve(WAIT).orElseThrow();
        assertEquals(OptionalInt.empty(), held.knownReserves());

        Poll.until(WAIT, () -> direct.statsJob(id).map(s -> s.state() == JobStats.State.READY).orElse(false),
                () -> "job " + id + " ready again after its TTR");
        assertEquals(321, direct.statsJob(id).orElseThrow().priority());
        direct.delete(id);
    }

    @Test
    void the_largest_payload_leaves_room_for_the_header() {
        long maxJobSize = direct.stats().maxJobSize();
        assertEquals(maxJobSize - JobHeader.BYTES, withHeader.maxPayloadBytes());
        assertEquals(maxJobSize, plain.maxPayloadBytes());
    }

    @Test
    void the_option_takes_true_or_false_only() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> JobQueue.connect(BEANSTALKD.url(),
                QueueSettings.builder().option(BeanstalkBackend.JOB_HEADER, "yes").build()));
        assertTrue(e.getMessage().contains(BeanstalkBackend.JOB_HEADER), e.getMessage());
    }
}
