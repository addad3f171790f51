package io.jobqueue.beanstalkd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** reserveReady, statsJobs and deleteAll: every command of a chunk is written before any reply is read. */
class PipelinedCommandsTest {

    private final ScriptedServer server = new ScriptedServer();

    private static String repeat(String line, int times) {
        return line.repeat(times);
    }

    private static String stats(long id) {
        String yaml = "---\nid: " + id + "\ntube: \"emails\"\nstate: reserved\npri: 5\nage: 3\ndelay: 0\nttr: 60\n"
                + "time-left: 59\nfile: 0\nreserves: 2\ntimeouts: 0\nreleases: 1\nburies: 0\nkicks: 0\n";
        return "OK " + yaml.length() + "\r\n" + yaml + "\r\n";
    }

    @Test
    void reserve_ready_writes_every_reserve_first_and_stops_at_the_first_timed_out() {
        ScriptedSocket socket = server.replies("RESERVED 4 1\r\na\r\nRESERVED 5 2\r\nbc\r\nTIMED_OUT\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        List<BeanstalkJob> jobs = connection.reserveReady(3);

        String reserves = repeat("reserve-with-timeout 0\r\n", 3);
        assertEquals(reserves, socket.sent());
        assertEquals(reserves.length(), socket.sentAtFirstRead());
        assertEquals(List.of(4L, 5L), jobs.stream().map(BeanstalkJob::id).toList());
        assertEquals("bc", jobs.get(1).bodyAsString());
        assertTrue(connection.isUsable());
    }

    @Test
    void reserve_ready_keeps_the_jobs_reserved_after_a_deadline_soon_in_the_same_chunk() {
        server.replies("DEADLINE_SOON\r\nRESERVED 6 1\r\nx\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        assertEquals(List.of(6L), connection.reserveReady(2).stream().map(BeanstalkJob::id).toList());
        assertTrue(connection.isUsable());
    }

    @Test
    void reserve_ready_sends_no_further_chunk_once_the_tubes_ran_out() {
        ScriptedSocket socket = server.replies("TIMED_OUT\r\n" + repeat("TIMED_OUT\r\n", 999));
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        assertEquals(List.of(), connection.reserveReady(1500));
        assertEquals(repeat("reserve-with-timeout 0\r\n", BeanstalkConnection.PIPELINE_CHUNK_SIZE), socket.sent());
    }

    @Test
    void reserve_ready_breaks_the_connection_on_an_unexpected_reply() {
        server.replies("RESERVED 4 1\r\na\r\nINTERNAL_ERROR\r\nRESERVED 5 1\r\nb\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        BeanstalkServerException e = assertThrows(BeanstalkServerException.class, () -> connection.reserveReady(3));

        assertEquals(ServerError.INTERNAL_ERROR, e.error());
        assertFalse(connection.isUsable(), "the jobs reserved after the error are unknown: the server must release them");
    }

    @Test
    void reserve_ready_of_nothing_writes_nothing_and_a_negative_count_is_refused() {
        ScriptedSocket socket = server.replies("");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        assertEquals(List.of(), connection.reserveReady(0));
        assertThrows(BeanstalkBadInputException.class, () -> connection.reserveReady(-1));
        assertEquals("", socket.sent());
    }

    @Test
    void stats_jobs_are_pipelined_and_a_missing_job_is_empty() {
        ScriptedSocket socket = server.replies(stats(4) + "NOT_FOUND\r\n" + stats(6));
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        List<Optional<JobStats>> stats = connection.statsJobs(List.of(4L, 5L, 6L));

        assertEquals("stats-job 4\r\nstats-job 5\r\nstats-job 6\r\n", socket.sent());
        assertEquals("stats-job 4\r\nstats-job 5\r\nstats-job 6\r\n".length(), socket.sentAtFirstRead());
        assertEquals(new JobStats(4, "emails", JobStats.State.RESERVED, 5, 3, 0, 60, 59, 0, 2, 0, 1, 0, 0),
                stats.get(0).orElseThrow());
        assertEquals(Optional.empty(), stats.get(1));
        assertEquals(6, stats.get(2).orElseThrow().id());
    }

    @Test
    void delete_all_is_pipelined_in_chunks_and_tells_which_were_found() {
        List<Long> ids = LongStream.rangeClosed(1, 1001).boxed().toList();
        ScriptedSocket socket = server.replies("NOT_FOUND\r\n" + repeat("DELETED\r\n", 1000));
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        List<Boolean> deleted = connection.deleteAll(ids);

        StringBuilder firstChunk = new StringBuilder();
        for (long id = 1; id <= 1000; id++) {
            firstChunk.append("delete ").append(id).append("\r\n");
        }
        assertEquals(firstChunk.length(), socket.sentAtFirstRead());
        assertEquals(firstChunk + "delete 1001\r\n", socket.sent());
        assertEquals(1001, deleted.size());
        assertFalse(deleted.get(0));
        assertTrue(deleted.get(1000));
    }

    @Test
    void batch_ids_are_checked_before_anything_is_sent() {
        ScriptedSocket socket = server.replies("");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        assertThrows(BeanstalkBadInputException.class, () -> connection.deleteAll(List.of(1L, 0L)));
        assertThrows(BeanstalkBadInputException.class, () -> connection.statsJobs(null));
        assertThrows(BeanstalkBadInputException.class, () -> connection.deleteAll(java.util.Arrays.asList(1L, null)));
        assertEquals("", socket.sent());
    }
}
