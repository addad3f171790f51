package io.jobqueue.beanstalkd.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.beanstalkd.BeanstalkdServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client against a real beanstalkd: a process started on a free port, or the server named by
 * {@code JOBQUEUE_TEST_BEANSTALKD=host:port}. Every test uses its own tubes.
 */
class BeanstalkClientServerTest {

    private static final AtomicInteger TUBES = new AtomicInteger();

    private final List<BeanstalkClient> clients = new ArrayList<>();

    @RegisterExtension
    static final BeanstalkdServerExtension BEANSTALKD = new BeanstalkdServerExtension();

    @AfterEach
    void closeClients() {
        clients.forEach(BeanstalkClient::close);
    }

    private BeanstalkClient client() {
        BeanstalkClient client = BeanstalkClient.connect(BEANSTALKD.url());
        clients.add(client);
        return client;
    }

    /** A client using and watching (only) a fresh tube. */
    private BeanstalkClient clientOnFreshTube() {
        BeanstalkClient client = client();
        String tube = freshTube();
        client.use(tube);
        client.watch(tube);
        client.ignore("default");
        return client;
    }

    private static String freshTube() {
        return "client-test." + ProcessHandle.current().pid() + "." + TUBES.incrementAndGet();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void binary_body_round_trips_byte_for_byte() {
        BeanstalkClient client = clientOnFreshTube();
        byte[] body = new byte[256 + 6];
        for (int i = 0; i < 256; i++) {
            body[i] = (byte) i;
        }
        System.arraycopy(new byte[] {'\r', '\n', 0, '\r', '\n', 0}, 0, body, 256, 6);

        long id = client.put(body).id();
        BeanstalkJob job = client.reserveWithTimeout(5).orElseThrow();

        assertEquals(id, job.id());
        assertArrayEquals(body, job.body());
        assertTrue(client.delete(id));
    }

    @Test
    void body_of_max_job_size_is_accepted_and_one_byte_more_is_rejected_before_sending() {
        BeanstalkClient client = clientOnFreshTube();
        int max = (int) client.stats().maxJobSize();

        PutResult put = client.put(new byte[max]);
        assertThrows(BeanstalkBadInputException.class, () -> client.put(new byte[max + 1]));

        assertEquals(max, client.reserveWithTimeout(5).orElseThrow().body().length);
        assertTrue(client.delete(put.id()));
    }

    @Test
    void job_lifecycle_touch_release_bury_peek_kick_delete() {
        BeanstalkClient client = clientOnFreshTube();
        long id = client.put(10, 0, 60, utf8("work")).id();

        assertEquals(id, client.reserve().id());
        assertTrue(client.touch(id));
        assertEquals(ReleaseResult.RELEASED, client.release(id, 5, 0));
        assertEquals(5, client.statsJob(id).orElseThrow().priority());
        assertEquals(id, client.reserveWithTimeout(5).orElseThrow().id());
        assertTrue(client.bury(id, 7));
        assertEquals(Optional.of(new BeanstalkJob(id, utf8("work"))), client.peekBuried());
        assertEquals(Optional.empty(), client.peekReady());
        assertEquals(1, client.kick(10));
        assertEquals(id, client.peekReady().orElseThrow().id());
        assertEquals(id, client.peek(id).orElseThrow().id());
        assertTrue(client.delete(id));
        assertEquals(Optional.empty(), client.peek(id));
        assertFalse(client.delete(id));
        assertFalse(client.touch(id));
        assertEquals(ReleaseResult.NOT_FOUND, client.release(id, 0, 0));
    }

    @Test
    void reserve_job_reserves_that_job_only_if_nobody_holds_it() {
        BeanstalkClient client = clientOnFreshTube();
        BeanstalkClient other = client();
        client.put(utf8("first"));
        long second = client.put(utf8("second")).id();

        assertEquals(Optional.of(new BeanstalkJob(second, utf8("second"))), client.reserveJob(second));
        assertEquals(Optional.empty(), other.reserveJob(second));
        assertEquals(Optional.empty(), other.reserveJob(Long.MAX_VALUE));
        assertEquals(JobStats.State.RESERVED, client.statsJob(second).orElseThrow().state());
    }

    @Test
    void kick_job_moves_a_delayed_or_buried_job_to_ready() {
        BeanstalkClient client = clientOnFreshTube();
        long id = client.put(0, 3600, 60, utf8("later")).id();
        assertEquals(JobStats.State.DELAYED, client.statsJob(id).orElseThrow().state());
        assertEquals(id, client.peekDelayed().orElseThrow().id());

        assertTrue(client.kickJob(id));
        assertEquals(JobStats.State.READY, client.statsJob(id).orElseThrow().state());
        assertFalse(client.kickJob(id), "a ready job cannot be kicked");

        client.reserveJob(id).orElseThrow();
        client.bury(id, 0);
        assertTrue(client.kickJob(id));
        JobStats stats = client.statsJob(id).orElseThrow();
        assertEquals(JobStats.State.READY, stats.state());
        assertEquals(2, stats.kicks());
        assertEquals(1, stats.buries());
    }

    @Test
    void pause_tube_holds_back_reservations_until_unpaused() {
        BeanstalkClient client = clientOnFreshTube();
        String tube = client.usedTube();
        long id = client.put(utf8("paused")).id();

        assertTrue(client.pauseTube(tube, 60));
        TubeStats paused = client.statsTube(tube).orElseThrow();
        assertEquals(60, paused.pause());
        assertTrue(paused.pauseTimeLeft() > 0 && paused.pauseTimeLeft() <= 60);
        assertEquals(Optional.empty(), client.reserveWithTimeout(0));

        assertTrue(client.pauseTube(tube, 0));
        assertEquals(id, client.reserveWithTimeout(1).orElseThrow().id());
        assertFalse(client.pauseTube(freshTube(), 1), "a tube that does not exist cannot be paused");
    }

    @Test
    void stats_are_parsed_from_the_real_reply() {
        BeanstalkClient client = clientOnFreshTube();
        String tube = client.usedTube();
        long id = client.put(3, 0, 45, utf8("stats")).id();

        ServerStats server = client.stats();
        BEANSTALKD.server().version().ifPresent(version -> assertEquals(version, server.version()));
        assertFalse(server.version().contains("\""));
        assertTrue(server.maxJobSize() > 0);
        assertTrue(server.currentConnections() >= 1);
        assertTrue(server.totalJobs() >= 1);
        assertTrue(server.raw().containsKey("uptime"));

        TubeStats tubeStats = client.statsTube(tube).orElseThrow();
        assertEquals(tube, tubeStats.name());
        assertEquals(1, tubeStats.currentJobsReady());
        assertEquals(1, tubeStats.currentJobsUrgent());
        assertEquals(1, tubeStats.totalJobs());
        assertEquals(1, tubeStats.currentUsing());
        assertEquals(1, tubeStats.currentWatching());

        JobStats job = client.statsJob(id).orElseThrow();
        assertEquals(new JobStats(id, tube, JobStats.State.READY, 3, job.age(), 0, 45, job.timeLeft(), job.file(), 0,
                0, 0, 0, 0), job);
        assertEquals(Optional.empty(), client.statsTube(freshTube()));
        assertEquals(Optional.empty(), client.statsJob(Long.MAX_VALUE));
    }

    @Test
    void tube_lists_reflect_use_watch_and_ignore() {
        BeanstalkClient client = client();
        String a = freshTube();
        String b = freshTube();

        client.use(a);
        assertEquals(2, client.watch(b));
        assertEquals(1, client.ignore("default"));

        assertEquals(a, client.listTubeUsed());
        assertEquals(List.of(b), client.listTubesWatched());
        assertTrue(client.listTubes().containsAll(List.of(a, b)));
        BeanstalkServerException e = assertThrows(BeanstalkServerException.class, () -> client.ignore(b));
        assertEquals(ServerError.NOT_IGNORED, e.error());
    }

    @Test
    void deadline_soon_is_thrown_when_a_reserved_job_nears_its_ttr() {
        BeanstalkClient client = clientOnFreshTube();
        client.put(0, 0, 1, utf8("short"));
        client.reserve();

        assertThrows(DeadlineSoonException.class, () -> client.reserveWithTimeout(2));
    }

    @Test
    void reserve_with_timeout_may_wait_longer_than_the_read_timeout() {
        BeanstalkConfig config = BeanstalkConfig.fromUrl(BEANSTALKD.url()).toBuilder()
                .commandTimeout(java.time.Duration.ofMillis(300)).build();
        BeanstalkClient client = BeanstalkClient.connect(config);
        clients.add(client);
        client.watch(freshTube());
        client.ignore("default");

        long start = System.nanoTime();
        assertEquals(Optional.empty(), client.reserveWithTimeout(1));

        assertTrue(System.nanoTime() - start >= 900_000_000L);
        assertEquals(1, client.listTubesWatched().size(), "the connection is still usable after the wait");
    }

    @Test
    void put_all_pipelines_ten_thousand_jobs() {
        BeanstalkClient client = clientOnFreshTube();
        List<PutRequest> requests = IntStream.range(0, 10_000)
                .mapToObj(i -> PutRequest.of("job " + i).withPriority(i % 7)).toList();

        List<PutResult> results = client.putAll(requests);

        assertEquals(10_000, results.size());
        assertEquals(10_000, results.stream().map(PutResult::id).distinct().count());
        for (int i = 1; i < results.size(); i++) {
            assertTrue(results.get(i).id() > results.get(i - 1).id(), "ids follow request order");
        }
        assertEquals(10_000, client.statsTube(client.usedTube()).orElseThrow().currentJobsReady());
        assertArrayEquals(utf8("job 9999"), client.peek(results.get(9_999).id()).orElseThrow().body());
    }

    @Test
    void one_client_shared_by_many_threads_puts_every_job_once() throws Exception {
        BeanstalkClient shared = clientOnFreshTube();
        String tube = shared.usedTube();
        int threads = 8;
        int perThread = 250;
        List<Thread> workers = new ArrayList<>();
        Set<Long> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(new Thread(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        ids.add(shared.put(utf8(thread + ":" + i)).id());
                        if (i % 50 == 0) {
                            shared.statsTube(tube).orElseThrow();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        workers.forEach(Thread::start);
        for (Thread worker : workers) {
            worker.join(60_000);
        }

        assertEquals(List.of(), failures);
        assertEquals(threads * perThread, ids.size(), "every put got its own id");
        assertEquals(threads * perThread, shared.statsTube(tube).orElseThrow().totalJobs());
        Set<String> bodies = new HashSet<>();
        BeanstalkClient consumer = client();
        consumer.watch(tube);
        consumer.ignore("default");
        for (int i = 0; i < threads * perThread; i++) {
            BeanstalkJob job = consumer.reserveWithTimeout(5).orElseThrow();
            assertTrue(ids.contains(job.id()));
            bodies.add(job.bodyAsString());
            consumer.delete(job.id());
        }
        assertEquals(threads * perThread, bodies.size(), "every job is present once");
    }

    @Test
    void job_put_by_a_raw_socket_is_reserved_by_our_client() throws Exception {
        BeanstalkClient client = clientOnFreshTube();
        String tube = client.usedTube();
        try (RawProtocolSocket raw = new RawProtocolSocket(BEANSTALKD.host(), BEANSTALKD.port())) {
            raw.send("use " + tube + "\r\n");
            assertEquals("USING " + tube, raw.readLine());
            raw.send("put 100 0 30 10\r\nfrom\r\n\0raw\r\n");
            String inserted = raw.readLine();
            assertTrue(inserted.startsWith("INSERTED "), inserted);
            long id = Long.parseLong(inserted.substring("INSERTED ".length()));

            BeanstalkJob job = client.reserveWithTimeout(5).orElseThrow();

            assertEquals(id, job.id());
            assertArrayEquals("from\r\n\0raw".getBytes(StandardCharsets.ISO_8859_1), job.body());
        }
    }

    @Test
    void job_put_by_our_client_is_reserved_by_a_raw_socket() throws Exception {
        BeanstalkClient client = clientOnFreshTube();
        String tube = client.usedTube();
        byte[] body = {'o', 'u', 'r', '\r', '\n', 0, (byte) 0xfe};
        long id = client.put(body).id();
        try (RawProtocolSocket raw = new RawProtocolSocket(BEANSTALKD.host(), BEANSTALKD.port())) {
            raw.send("watch " + tube + "\r\nignore default\r\nreserve-with-timeout 5\r\n");
            assertEquals("WATCHING 2", raw.readLine());
            assertEquals("WATCHING 1", raw.readLine());
            assertEquals("RESERVED " + id + " " + body.length, raw.readLine());
            assertArrayEquals(body, raw.readData(body.length));
            raw.send("delete " + id + "\r\n");
            assertEquals("DELETED", raw.readLine());
        }
        assertEquals(Optional.empty(), client.peek(id));
    }
}
