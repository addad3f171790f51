package io.jobqueue.beanstalkd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobqueue.Job;
import io.jobqueue.QueueSettings;
import io.jobqueue.beanstalkd.client.ScriptedServer;
import io.jobqueue.beanstalkd.client.ScriptedSocket;
import io.jobqueue.beanstalkd.client.StatsSamples;
import io.jobqueue.spi.DeleteRequest;
import io.jobqueue.spi.JobRef;
import io.jobqueue.Outcome;
import io.jobqueue.spi.ReserveRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the backend sends for a held job, byte for byte, in the cases a real server makes hard to hit on
 * purpose: beanstalkd deletes a READY job from any connection, so a delete near the deadline must not go out
 * unless the job is still held.
 */
class HeldJobsTest {
    private final ScriptedServer server = new ScriptedServer();

    private static String data(String yaml) {
        return "OK " + yaml.getBytes(StandardCharsets.UTF_8).length + "\r\n" + yaml + "\r\n";
    }

    private static String jobStats(String state, long ttr, long timeLeft) {
        return data("---\nid: 5\ntube: t\nstate: " + state + "\npri: 10\nage: 0\ndelay: 0\nttr: " + ttr
                + "\ntime-left: " + timeLeft + "\nfile: 0\nreserves: 1\ntimeouts: 0\nreleases: 0\nburies: 0\n"
                + "kicks: 0\n");
    }

    /** The backend's three connections: admin (stats, then what {@code adminLater} answers), producer, reserver. */
    private ScriptedSocket backendWith(String adminLater, String reserving) {
        server.replies(data(StatsSamples.SERVER_STATS_1_12) + adminLater);
        server.replies("");
        return server.replies("WATCHING 2\r\nWATCHING 1\r\nRESERVED 5 1\r\nx\r\n" + reserving);
    }

    private static final String RESERVED = "watch t\r\nignore default\r\nreserve-with-timeout 0\r\nstats-job 5\r\n";

    @Test
    void a_delete_near_the_deadline_touches_first_and_is_not_sent_when_the_job_is_no_longer_held() {
        ScriptedSocket reserving = backendWith(jobStats("ready", 1, 0),
                jobStats("reserved", 1, 0) + "NOT_FOUND\r\n");
        try (BeanstalkBackend backend = BeanstalkBackend.open(server.config(), QueueSettings.defaults())) {
            Job job = backend.reserve(new ReserveRequest(List.of("t"), 1, Duration.ZERO)).get(0);
            assertEquals(List.of(Outcome.RESERVATION_LOST), backend.delete(new DeleteRequest(List.of(JobRef.of(job)))));
        }
        assertEquals(RESERVED + "touch 5\r\n", reserving.sent());
    }

    @Test
    void a_delete_near_the_deadline_of_a_job_still_held_touches_then_deletes() {
        ScriptedSocket reserving = backendWith("", jobStats("reserved", 1, 0) + "TOUCHED\r\nDELETED\r\n");
        try (BeanstalkBackend backend = BeanstalkBackend.open(server.config(), QueueSettings.defaults())) {
            Job job = backend.reserve(new ReserveRequest(List.of("t"), 1, Duration.ZERO)).get(0);
            assertEquals(List.of(Outcome.DONE), backend.delete(new DeleteRequest(List.of(JobRef.of(job)))));
        }
        assertEquals(RESERVED + "touch 5\r\ndelete 5\r\n", reserving.sent());
    }

    @Test
    void a_delete_well_before_the_deadline_is_sent_at_once() {
        ScriptedSocket reserving = backendWith("", jobStats("reserved", 60, 59) + "DELETED\r\n");
        try (BeanstalkBackend backend = BeanstalkBackend.open(server.config(), QueueSettings.defaults())) {
            Job job = backend.reserve(new ReserveRequest(List.of("t"), 1, Duration.ZERO)).get(0);
            assertEquals(Duration.ofSeconds(60), job.ttr());
            assertEquals(10, job.priority());
            assertEquals(List.of(Outcome.DONE), backend.delete(new DeleteRequest(List.of(JobRef.of(job)))));
        }
        assertEquals(RESERVED + "delete 5\r\n", reserving.sent());
    }
}
