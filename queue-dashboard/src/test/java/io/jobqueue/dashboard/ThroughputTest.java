package io.jobqueue.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.WorkerInfo;
import io.jobqueue.tck.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The minute buckets of the throughput chart, on a clock the test moves. */
class ThroughputTest {
    /** 12:00:05 UTC: five seconds into a minute. */
    private static final Instant T0 = Instant.parse("2026-11-29T12:00:05Z");
    private static final Instant STARTED = Instant.parse("2026-11-29T08:00:00Z");

    private final SettableClock clock = new SettableClock(T0);
    private final Throughput throughput = new Throughput(clock);

    private static WorkerInfo worker(String id, long succeeded, long failed) {
        return worker(id, succeeded, failed, STARTED);
    }

    private static WorkerInfo worker(String id, long succeeded, long failed, Instant started) {
        return new WorkerInfo(id, "host-a", 42, List.of("mail"), 4, 1, succeeded, failed, started,
                Duration.ofSeconds(5));
    }

    private Throughput.Minute minute(String hhmm) {
        Instant start = Instant.parse("2026-11-29T" + hhmm + ":00Z");
        return throughput.history().minutes().stream().filter(m -> m.start().equals(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no minute " + hhmm + " in " + throughput.history()));
    }

    @Test
    void before_the_first_sample_there_is_no_history() {
        Throughput.History h = throughput.history();
        assertNull(h.since());
        assertTrue(h.minutes().isEmpty());
    }

    @Test
    void a_worker_seen_for_the_first_time_contributes_nothing_whatever_its_counts() {
        throughput.record(List.of(worker("w1", 5_000, 70)));
        Throughput.History h = throughput.history();
        assertEquals(T0, h.since());
        assertEquals(List.of(new Throughput.Minute(Instant.parse("2026-11-29T12:00:00Z"), 0, 0)), h.minutes());
    }

    @Test
    void the_differences_of_every_worker_are_summed_into_the_minute_of_the_later_sample() {
        throughput.record(List.of(worker("w1", 100, 1), worker("w2", 10, 0)));
        clock.advance(Duration.ofSeconds(10));
        throughput.record(List.of(worker("w1", 130, 3), worker("w2", 15, 0)));
        clock.advance(Duration.ofSeconds(10));
        throughput.record(List.of(worker("w1", 131, 3), worker("w2", 25, 1)));
        assertEquals(new Throughput.Minute(Instant.parse("2026-11-29T12:00:00Z"), 30 + 5 + 1 + 10, 2 + 1),
                minute("12:00"));

        clock.advance(Duration.ofSeconds(50)); // 12:01:15
        throughput.record(List.of(worker("w1", 141, 3), worker("w2", 25, 4)));
        assertEquals(10, minute("12:01").succeeded());
        assertEquals(3, minute("12:01").failed());
        assertEquals(46, minute("12:00").succeeded(), "the earlier minute is left as it was");
        Throughput.History h = throughput.history();
        assertEquals(2, h.minutes().size(), "from the first sample's minute to now");
        assertEquals(56, h.succeeded());
        assertEquals(6, h.failed());
    }

    @Test
    void a_worker_that_joins_later_counts_from_its_second_sample() {
        throughput.record(List.of(worker("w1", 0, 0)));
        clock.advance(Duration.ofSeconds(10));
        throughput.record(List.of(worker("w1", 4, 0), worker("late", 900, 9)));
        clock.advance(Duration.ofSeconds(10));
        throughput.record(List.of(worker("w1", 6, 0), worker("late", 903, 10)));
        assertEquals(4 + 2 + 3, minute("12:00").succeeded());
        assertEquals(1, minute("12:00").failed());
    }

    @Test
    void a_counter_that_went_down_is_a_restarted_worker_and_counts_from_its_next_sample() {
        throughput.record(List.of(worker("w1", 500, 20)));
        clock.advance(Duration.ofSeconds(10));
        throughput.record(List.of(worker("w1", 510, 20)));
        clock.advance(Duration.ofSeconds(10));
        throughput.record(List.of(worker("w1", 3, 0))); // restarted: 3 - 510 is no throughput
        clock.advance(Duration.ofSeconds(10));
        throughput.record(List.of(worker("w1", 8, 1)));
        assertEquals(10 + 5, minute("12:00").succeeded());
        assertEquals(1, minute("12:00").failed());

        // Only the failed count went down: restarted all the same.
        clock.advance(Duration.ofSeconds(10));
        throughput.record(List.of(worker("w1", 9, 0)));
        assertEquals(15, minute("12:00").succeeded());
    }

    @Test
    void another_start_time_under_the_same_id_is_a_new_process_even_with_higher_counts() {
        throughput.record(List.of(worker("w1", 10, 0)));
        clock.advance(Duration.ofSeconds(10));
        throughput.record(List.of(worker("w1", 50, 5, STARTED.plusSeconds(3600))));
        assertEquals(0, minute("12:00").succeeded());
        assertEquals(0, minute("12:00").failed());
    }

    @Test
    void a_worker_missing_from_a_sample_is_new_when_it_shows_again() {
        throughput.record(List.of(worker("w1", 10, 0)));
        clock.advance(Duration.ofSeconds(10));
        throughput.record(List.of());
        clock.advance(Duration.ofSeconds(10));
        throughput.record(List.of(worker("w1", 30, 0)));
        assertEquals(0, minute("12:00").succeeded());
    }

    @Test
    void minutes_roll_out_after_an_hour_and_a_reused_bucket_starts_from_zero() {
        throughput.record(List.of(worker("w1", 0, 0)));
        clock.advance(Duration.ofSeconds(10));
        throughput.record(List.of(worker("w1", 7, 2))); // 12:00:15
        clock.advance(Duration.ofMinutes(59)); // 12:59:15: 12:00 is the oldest minute of the hour
        throughput.record(List.of(worker("w1", 8, 2)));
        Throughput.History h = throughput.history();
        assertEquals(Throughput.MINUTES, h.minutes().size());
        assertEquals(Instant.parse("2026-11-29T12:00:00Z"), h.minutes().get(0).start());
        assertEquals(7, h.minutes().get(0).succeeded());
        assertEquals(1, h.minutes().get(59).succeeded());
        assertEquals(0, h.minutes().get(30).succeeded(), "a minute without a sample is zero");

        clock.advance(Duration.ofMinutes(1)); // 13:00:15 shares 12:00's bucket
        Throughput.History later = throughput.history();
        assertEquals(Throughput.MINUTES, later.minutes().size());
        assertEquals(Instant.parse("2026-11-29T12:01:00Z"), later.minutes().get(0).start());
        assertFalse(later.minutes().stream().anyMatch(m -> m.start().equals(Instant.parse("2026-11-29T12:00:00Z"))));
        assertEquals(0, later.minutes().get(59).succeeded(), "12:00's counts do not show as 13:00's");
        assertEquals(1, later.succeeded());

        throughput.record(List.of(worker("w1", 10, 2)));
        assertEquals(2, minute("13:00").succeeded(), "the reused bucket started from zero");
        assertEquals(0, minute("13:00").failed());

        clock.advance(Duration.ofHours(2));
        assertEquals(0, throughput.history().succeeded(), "after two quiet hours nothing is left");
        assertEquals(T0, throughput.history().since(), "history still starts at the first sample");
    }

    @Test
    void the_chart_draws_a_bar_per_minute_with_jobs_and_marks_the_time_before_the_dashboard_started() {
        throughput.record(List.of(worker("w1", 0, 0)));
        clock.advance(Duration.ofSeconds(10));
        throughput.record(List.of(worker("w1", 40, 3)));
        clock.advance(Duration.ofMinutes(2));
        String html = ThroughputChart.html(throughput.history(), Duration.ofSeconds(10));
        assertTrue(html.contains("data-start=\"2026-11-29T12:00:00Z\" data-succeeded=\"40\" data-failed=\"3\""), html);
        assertEquals(1, count(html, "<rect class=\"succeeded\""), html);
        assertEquals(1, count(html, "<rect class=\"failed\""), html);
        assertEquals(3, count(html, "<g class=\"minute\""), html);
        assertTrue(html.contains("<rect class=\"nodata\" x=\"44\" y=\"10\" width=\"" + 57 * 12 + "\""), html);
        assertTrue(html.contains("History starts when the dashboard started (12:00:05 UTC)"), html);
        assertTrue(html.contains("read every 10 s"), html);
        assertEquals(50, ThroughputChart.niceCeiling(43));
        assertEquals(1, ThroughputChart.niceCeiling(1));
        assertEquals(200, ThroughputChart.niceCeiling(101));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
