package io.jobqueue.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Capability;
import io.jobqueue.InvalidInputException;
import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Listing the jobs of a pipeline by state, page by page. */
public abstract class ListingContract extends WorkersContract {

    @Nested
    class ListByState {
        @Test
        void lists_each_state_in_id_order_with_the_state_read_now() {
            requires(Capability.LIST_BY_STATE);
            JobQueue q = fresh();
            // Most urgent first, so each reserve below takes the job just added.
            long buried = q.addJob("buried", priority(0).withTtr(LONG_TTR));
            q.bury(reserveNow(q), 0, "failed");
            long reserved = q.addJob("reserved", priority(0).withTtr(LONG_TTR));
            assertEquals(reserved, reserveNow(q).id());
            long laterReady = q.addJob("ready, less urgent", priority(50));
            long soonerReady = q.addJob("ready, more urgent", priority(10));
            long delayed = q.addJob("delayed", delay(Duration.ofSeconds(60)));
            fresh().addJob("another pipeline");

            List<Job> ready = q.listJobs(q.selectedPipeline(), JobState.READY, 0, 10);
            assertEquals(List.of(laterReady, soonerReady), ids(ready), "id order, not priority order");
            assertEquals(List.of("ready, less urgent", "ready, more urgent"),
                    ready.stream().map(Job::payloadAsString).toList());
            assertTrue(ready.stream().allMatch(j -> j.state() == JobState.READY
                    && j.pipeline().equals(q.selectedPipeline())));
            assertListed(q, JobState.DELAYED, delayed);
            assertListed(q, JobState.RESERVED, reserved);
            Job buriedJob = assertListed(q, JobState.BURIED, buried);
            assertEquals("buried", buriedJob.payloadAsString());
        }

        @Test
        void pages_with_after_id_and_limit_without_gaps_or_repeats() {
            requires(Capability.LIST_BY_STATE);
            JobQueue q = fresh();
            List<Long> added = q.addJobs(IntStream.range(0, 25).mapToObj(i -> "job " + i).toList());
            List<Long> seen = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            long after = 0;
            while (true) {
                List<Job> page = q.listJobs(q.selectedPipeline(), JobState.READY, after, 10);
                if (page.isEmpty()) {
                    break;
                }
                sizes.add(page.size());
                seen.addAll(ids(page));
                after = page.get(page.size() - 1).id();
            }
            assertEquals(List.of(10, 10, 5), sizes);
            assertEquals(added, seen);
            assertEquals(List.of(), q.listJobs(q.selectedPipeline(), JobState.READY, Collections.max(added), 10));
            assertEquals(List.of(), q.listJobs(q.selectedPipeline(), JobState.BURIED, 0, 10));
        }

        @Test
        void a_job_that_leaves_the_state_between_pages_is_not_listed_and_none_is_skipped() {
            requires(Capability.LIST_BY_STATE);
            JobQueue q = fresh();
            List<Long> added = q.addJobs(List.of("a", "b", "c", "d"));
            List<Job> first = q.listJobs(q.selectedPipeline(), JobState.READY, 0, 2);
            assertEquals(added.subList(0, 2), ids(first));
            q.delete(added.get(0));
            q.delete(added.get(2));
            assertEquals(List.of(added.get(3)), ids(q.listJobs(q.selectedPipeline(), JobState.READY, added.get(1), 2)));
        }

        @Test
        void bad_input_is_refused_before_the_backend_is_asked() {
            String p = newPipeline();
            List<Executable> bad = List.of(() -> queue.listJobs(p, null, 0, 10),
                    () -> queue.listJobs(p, JobState.READY, 0, 0),
                    () -> queue.listJobs(p, JobState.READY, 0, JobQueue.MAX_LIST_LIMIT + 1),
                    () -> queue.listJobs(p, JobState.READY, -1, 10),
                    () -> queue.listJobs("a b", JobState.READY, 0, 10),
                    () -> queue.listJobs(null, JobState.READY, 0, 10));
            for (Executable call : bad) {
                assertThrows(InvalidInputException.class, call);
            }
            assertTrue(assertThrows(InvalidInputException.class, () -> queue.listJobs(p, JobState.READY, 0, 0))
                    .getMessage().contains("limit"));
            assertTrue(assertThrows(InvalidInputException.class, () -> queue.listJobs(p, JobState.READY, -1, 10))
                    .getMessage().contains("afterId"));
        }

        @Test
        void the_largest_page_is_accepted() {
            requires(Capability.LIST_BY_STATE);
            JobQueue q = fresh();
            long id = q.addJob("x");
            assertEquals(List.of(id),
                    ids(q.listJobs(q.selectedPipeline(), JobState.READY, 0, JobQueue.MAX_LIST_LIMIT)));
        }

        @Test
        void listing_works_exactly_when_declared_and_is_otherwise_refused_naming_the_capability() {
            if (queue.capabilities().contains(Capability.LIST_BY_STATE)) {
                assertEquals(List.of(), queue.listJobs(newPipeline(), JobState.READY, 0, 10));
                return;
            }
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> queue.listJobs(newPipeline(), JobState.READY, 0, 10));
            assertTrue(e.getMessage().contains("LIST_BY_STATE"), e.getMessage());
        }

        private Job assertListed(JobQueue q, JobState state, long id) {
            List<Job> jobs = q.listJobs(q.selectedPipeline(), state, 0, 10);
            assertEquals(List.of(id), ids(jobs), state + " jobs");
            assertEquals(state, jobs.get(0).state());
            return jobs.get(0);
        }
    }

    private static List<Long> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }
}
