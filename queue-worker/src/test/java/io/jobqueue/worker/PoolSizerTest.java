package io.jobqueue.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The pool's sizing rules, with time moved by the test. */
class PoolSizerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Duration IDLE = Duration.ofSeconds(10);

    private static PoolSizer sizer(int min, int max) {
        return new PoolSizer("test", min, max, IDLE, 0);
    }

    private static void busy(PoolSizer sizer, int handlers) {
        for (int i = 0; i < handlers; i++) {
            sizer.started();
        }
    }

    @Nested
    class Grow {
        @Test
        void adds_no_handler_while_an_idle_one_can_take_each_waiting_job() {
            PoolSizer sizer = sizer(2, 10);
            busy(sizer, 1);
            assertEquals(0, sizer.grow(1));
            assertEquals(2, sizer.size());
        }

        @Test
        void adds_one_handler_per_job_waiting_beyond_the_idle_ones() {
            PoolSizer sizer = sizer(2, 10);
            busy(sizer, 2);
            assertEquals(3, sizer.grow(3));
            assertEquals(5, sizer.size());
            assertEquals(0, sizer.grow(3), "the three new handlers are idle and take the three jobs");
        }

        @Test
        void never_grows_past_max() {
            PoolSizer sizer = sizer(2, 4);
            busy(sizer, 2);
            assertEquals(2, sizer.grow(50));
            assertEquals(4, sizer.size());
            busy(sizer, 2);
            assertEquals(0, sizer.grow(50));
        }

        @Test
        void a_fixed_pool_never_grows() {
            PoolSizer sizer = sizer(3, 3);
            busy(sizer, 3);
            assertEquals(0, sizer.grow(100));
            assertEquals(3, sizer.size());
        }
    }

    @Nested
    class Shrink {
        @Test
        void keeps_every_handler_before_an_idle_window_has_passed() {
            PoolSizer sizer = sizer(2, 10);
            busy(sizer, 2);
            sizer.grow(8);
            assertFalse(sizer.retire(0, 9 * SECOND));
            assertEquals(10, sizer.size());
        }

        @Test
        void shrinks_to_the_most_handlers_busy_at_once_in_the_last_window() {
            PoolSizer sizer = sizer(2, 10);
            busy(sizer, 2);
            sizer.grow(8);
            busy(sizer, 8); // all ten busy in the first window
            for (int i = 0; i < 10; i++) {
                sizer.finished();
            }
            assertFalse(sizer.retire(0, 10 * SECOND), "ten were busy in the first window");
            busy(sizer, 3); // at most three busy in the second window
            for (int i = 0; i < 3; i++) {
                sizer.finished();
            }
            int retired = 0;
            while (sizer.retire(0, 20 * SECOND)) {
                retired++;
            }
            assertEquals(7, retired);
            assertEquals(3, sizer.size());
        }

        @Test
        void never_below_min() {
            PoolSizer sizer = sizer(2, 10);
            busy(sizer, 2);
            sizer.grow(8);
            for (int i = 0; i < 2; i++) {
                sizer.finished();
            }
            int retired = 0;
            while (sizer.retire(0, 10 * SECOND)) {
                retired++;
            }
            assertEquals(8, retired);
            assertEquals(2, sizer.size());
            assertFalse(sizer.retire(0, 30 * SECOND));
        }

        @Test
        void no_handler_retires_while_jobs_wait_that_it_would_take() {
            PoolSizer sizer = sizer(1, 4);
            busy(sizer, 1);
            sizer.grow(3);
            sizer.finished();
            assertFalse(sizer.retire(4, 10 * SECOND), "four jobs wait for the four idle handlers");
            assertTrue(sizer.retire(3, 11 * SECOND), "three jobs leave one handler spare");
            assertEquals(3, sizer.size());
        }

        @Test
        void growing_calls_off_a_shrink_not_yet_done() {
            PoolSizer sizer = sizer(1, 4);
            busy(sizer, 1);
            sizer.grow(3);
            sizer.finished();
            assertTrue(sizer.retire(0, 10 * SECOND), "a shrink to one handler begins");
            busy(sizer, 3);
            assertEquals(1, sizer.grow(1), "all three busy and one job waits");
            for (int i = 0; i < 3; i++) {
                sizer.finished();
            }
            assertFalse(sizer.retire(0, 11 * SECOND), "the shrink was called off");
            assertEquals(4, sizer.size());
        }
    }
}
