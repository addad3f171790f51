package io.jobqueue.beanstalkd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The YAML beanstalkd sends, as 1.12 and 1.13 format it. */
class YamlReplyTest {

    private static byte[] yaml(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void server_stats_from_1_12_are_typed_and_kept_raw() {
        ServerStats stats = YamlReply.serverStats(YamlReply.dictionary(yaml(StatsSamples.SERVER_STATS_1_12)));

        assertEquals("1.12", stats.version());
        assertEquals(65535, stats.maxJobSize());
        assertEquals(1, stats.currentJobsUrgent());
        assertEquals(1, stats.currentJobsReady());
        assertEquals(0, stats.currentJobsReserved());
        assertEquals(0, stats.currentJobsDelayed());
        assertEquals(0, stats.currentJobsBuried());
        assertEquals(1, stats.totalJobs());
        assertEquals(2, stats.currentTubes());
        assertEquals(1, stats.currentConnections());
        assertFalse(stats.draining());
        assertEquals("#1 SMP PREEMPT_DYNAMIC @0", stats.raw().get("os"));
        assertEquals("0.003233", stats.raw().get("rusage-utime"));
        assertEquals(51, stats.raw().size());
    }

    @Test
    void quoted_strings_of_1_13_lose_their_quotes() {
        ServerStats stats = YamlReply.serverStats(YamlReply.dictionary(yaml(StatsSamples.SERVER_STATS_1_13)));

        assertEquals("1.13", stats.version());
        assertEquals("vm", stats.raw().get("hostname"));
        assertEquals("#1 SMP PREEMPT_DYNAMIC @0", stats.raw().get("os"));
        assertEquals("492359ae40ba7e60", stats.raw().get("id"));
        assertTrue(stats.draining());
    }

    @Test
    void tube_stats_with_quoted_name() {
        TubeStats stats = YamlReply.tubeStats(YamlReply.dictionary(yaml("---\nname: \"default\"\n"
                + "current-jobs-urgent: 0\ncurrent-jobs-ready: 3\ncurrent-jobs-reserved: 0\n"
                + "current-jobs-delayed: 0\ncurrent-jobs-buried: 1\ntotal-jobs: 4\ncurrent-using: 1\n"
                + "current-watching: 1\ncurrent-waiting: 0\ncmd-delete: 0\ncmd-pause-tube: 1\npause: 60\n"
                + "pause-time-left: 59\n")));

        assertEquals(new TubeStats("default", 0, 3, 0, 0, 1, 4, 1, 1, 0, 0, 1, 60, 59), stats);
    }

    @Test
    void job_stats_accept_negative_time_left() {
        JobStats stats = YamlReply.jobStats(yaml("---\nid: 9\ntube: \"emails\"\nstate: delayed\n"
                + "pri: 4294967295\nage: 12\ndelay: 5\nttr: 60\ntime-left: -2\nfile: 3\nreserves: 0\ntimeouts: 0\n"
                + "releases: 0\nburies: 0\nkicks: 0\n"));

        assertEquals(new JobStats(9, "emails", JobStats.State.DELAYED, 4294967295L, 12, 5, 60, -2, 3, 0, 0, 0, 0, 0),
                stats);
    }

    @Test
    void job_stats_skip_fields_they_do_not_know_and_read_crlf_lines_and_unquoted_names() {
        JobStats stats = YamlReply.jobStats(yaml("---\r\nid: 7\r\ntube: a_b(c)\r\nstate: reserved\r\npri: 0\r\n"
                + "age: 1\r\ndelay: 0\r\nttr:   30  \r\ntime-left: 29\r\nfile: 0\r\nreserves: 2\r\ntimeouts: 1\r\n"
                + "releases: 0\r\nnew-field: \"x\"\r\nburies: 0\r\nkicks: 4\r\n"));

        assertEquals(new JobStats(7, "a_b(c)", JobStats.State.RESERVED, 0, 1, 0, 30, 29, 0, 2, 1, 0, 0, 4), stats);
    }

    @Test
    void job_stats_name_a_field_that_is_not_a_number() {
        BeanstalkProtocolException e = assertThrows(BeanstalkProtocolException.class, () -> YamlReply.jobStats(
                yaml("---\nid: 9\ntube: t\nstate: ready\npri: x1\n")));

        assertEquals("stats field 'pri' is not an integer: \"x1\"", e.getMessage());
    }

    @Test
    void lists_plain_and_quoted() {
        assertEquals(List.of("default", "a_b(c)$;+/.-x"),
                YamlReply.list(yaml("---\n- default\n- a_b(c)$;+/.-x\n")));
        assertEquals(List.of("default", "emails"), YamlReply.list(yaml("---\n- \"default\"\n- \"emails\"\n")));
        assertEquals(List.of(), YamlReply.list(yaml("---\n")));
    }

    @Test
    void unquoting_handles_escapes_and_single_quotes() {
        assertEquals("a\"b\\c", YamlReply.unquote("\"a\\\"b\\\\c\""));
        assertEquals("it's", YamlReply.unquote("'it''s'"));
        assertEquals("\"", YamlReply.unquote("\""));
        assertEquals("plain", YamlReply.unquote("plain"));
    }

    @Test
    void dictionary_keeps_server_order_and_empty_values() {
        Map<String, String> fields = YamlReply.dictionary(yaml("---\nb: 2\na: 1\nempty:\n"));

        assertEquals(List.of("b", "a", "empty"), List.copyOf(fields.keySet()));
        assertEquals("", fields.get("empty"));
    }
}
