package io.jobqueue.beanstalkd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.BackendException;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.NoSuchJobException;
import io.jobqueue.ReservationLostException;
import io.jobqueue.beanstalkd.client.BeanstalkClient;
import io.jobqueue.beanstalkd.client.DroppingProxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backend talks to beanstalkd through a proxy that can cut every connection, as a network failure or a
 * firewall would, while the server keeps running and sees the connections close.
 */
class BeanstalkdConnectionDropTest {
    private static final JobOptions LONG_TTR = JobOptions.defaults().withTtr(Duration.ofSeconds(60));
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @RegisterExtension
    static final BeanstalkdServerExtension BEANSTALKD = new BeanstalkdServerExtension();

    private static BeanstalkClient direct;
    private DroppingProxy proxy;
    private JobQueue queue;
    private String tube;

    @BeforeAll
    static void connectDirectly() {
        direct = BeanstalkClient.connect(BEANSTALKD.url());
    }

    @AfterAll
    static void closeDirect() {
        direct.close();
    }

    @BeforeEach
    void connectThroughProxy() throws Exception {
        proxy = new DroppingProxy(BEANSTALKD.host(), BEANSTALKD.port());
        tube = "drop-" + System.nanoTime();
        queue = JobQueue.connect("beanstalkd://" + proxy.host() + ":" + proxy.port()).selectPipeline(tube)
                .watchPipeline(tube);
    }

    @AfterEach
    void close() {
        queue.close();
        proxy.close();
    }

    @Test
    void jobs_held_on_a_dropped_connection_are_ready_again_and_their_reservations_are_lost() {
        List<Long> ids = queue.addJobs(List.of("a", "b", "c", "d"), LONG_TTR);
        List<Job> batch = queue.reserveJobs(2, Duration.ofSeconds(5));
        Job single = queue.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow();
        Job other = queue.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow();
        assertEquals(4, direct.statsTube(tube).orElseThrow().currentJobsReserved());

        proxy.dropConnections();

        awaitReady(4);
        assertTimeoutPreemptively(PROMPTLY, () -> {
            // The first command on a dropped connection finds it broken; its outcome is unknown to the caller.
            BackendException broken = assertThrows(BackendException.class, () -> queue.delete(batch.get(0)));
            assertTrue(broken.getMessage().contains("reservation is lost"), broken.getMessage());
            // From then on every reservation it held reports as lost, without touching the server.
            assertThrows(ReservationLostException.class, () -> queue.delete(batch.get(0)));
            assertThrows(ReservationLostException.class, () -> queue.release(batch.get(1)));
            assertThrows(BackendException.class, () -> queue.touch(single));
            assertThrows(ReservationLostException.class, () -> queue.bury(single));
            // A job that someone else deleted in the meantime is gone.
            assertTrue(direct.delete(other.id()));
            assertThrows(BackendException.class, () -> queue.delete(other));
            assertThrows(NoSuchJobException.class, () -> queue.delete(other));
        });
        assertEquals(3, direct.statsTube(tube).orElseThrow().currentJobsReady(), "nothing changed on the server");

        // At least once: the jobs are delivered again, through new connections.
        List<Job> again = assertTimeoutPreemptively(PROMPTLY, () -> queue.reserveJobs(10, Duration.ofSeconds(5)));
        assertEquals(Set.copyOf(ids.subList(0, 3)), again.stream().map(Job::id).collect(Collectors.toSet()));
        assertTrue(again.stream().allMatch(j -> j.reserves() == 2), again.toString());
        assertEquals(3, queue.deleteAll(again));
        assertEquals(0, queue.stats().total());
    }

    @Test
    void idle_connections_that_were_dropped_are_replaced_without_failing_the_reserve() {
        queue.addJobs(List.of("a", "b", "c"), LONG_TTR);
        List<Job> held = List.of(queue.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow(),
                queue.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow(),
                queue.getNextJobAndReserve(Duration.ofSeconds(5)).orElseThrow());
        assertEquals(3, queue.deleteAll(held), "three reserving connections, now idle");
        proxy.dropConnections();

        long added = addDirectly("after the drop");
        Job job = assertTimeoutPreemptively(PROMPTLY, () -> queue.getNextJobAndReserve(Duration.ofSeconds(5)))
                .orElseThrow();
        assertEquals(added, job.id());
        queue.delete(job);
    }

    /** Adds a job past the proxy (the queue's own producer connection was dropped too). */
    private long addDirectly(String body) {
        direct.use(tube);
        return direct.put(body.getBytes(StandardCharsets.UTF_8)).id();
    }

    private void awaitReady(int count) {
        Poll.until(PROMPTLY, () -> direct.statsTube(tube).orElseThrow().currentJobsReady() >= count,
                () -> "jobs of the dropped connections are not ready again: " + direct.statsTube(tube));
    }
}
