package io.jobqueue.worker;

import io.jobqueue.JobState;
import io.jobqueue.PipelineStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A worker's metrics in a Micrometer registry. Micrometer is an optional dependency of this module: add
 * {@code io.micrometer:micrometer-core} (or a registry such as {@code micrometer-registry-prometheus}) to use
 * this class; a worker that never binds it never loads Micrometer.
 *
 * <pre>{@code
 * Worker worker = Worker.builder(queue).registerWorker("emails", handler).concurrency(5, 50).build();
 * new WorkerMetrics(worker).bindTo(registry); // before start, so no timing is missed
 * worker.start();
 * }</pre>
 *
 * <p>Per pipeline (tag {@code pipeline}): counters {@code jobqueue.jobs.reserved}, {@code .succeeded},
 * {@code .failed} (the handler threw), {@code .retried} (released to run again) and {@code .buried}, exact from
 * the worker's start; timers {@code jobqueue.handler.duration} (tag {@code outcome}: {@code success} or
 * {@code failure}) and {@code jobqueue.queue.wait} (from when a job was added to when its first attempt started,
 * any delay it was added with included); gauge {@code jobqueue.queue.depth} (tag {@code state}: ready, delayed,
 * reserved, buried), the jobs in the pipeline as last sampled every {@link Worker.Builder#depthSampleInterval}
 * (a scrape never queries the backend). For the worker: timer {@code jobqueue.reserve.duration} (one reserve's
 * round trip), gauges {@code jobqueue.pool.size}, {@code jobqueue.pool.busy}, {@code jobqueue.pool.min} and
 * {@code jobqueue.pool.max}. Every meter also carries the tags given to the constructor.
 */
public final class WorkerMetrics implements MeterBinder {
    private final Worker worker;
    private final Tags tags;

    /** Metrics of {@code worker}, to bind before it starts. */
    public WorkerMetrics(Worker worker) {
        this(worker, Tags.empty());
    }

    /** Metrics of {@code worker} with {@code tags} on every meter (for example the worker's name). */
    public WorkerMetrics(Worker worker, Iterable<Tag> tags) {
        this.worker = Objects.requireNonNull(worker, "worker");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    /**
     * Registers the worker's meters and has the worker report to them.
     *
     * @throws IllegalStateException if the worker has started already
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Counters counters = worker.counters();
        QueueDepths depths = worker.depths();
        WorkerConfig config = worker.config();
        Map<String, PipelineTimers> timers = new ConcurrentHashMap<>();
        for (String pipeline : counters.pipelines()) {
            Tags pipelineTags = tags.and("pipeline", pipeline);
            PipelineCounts counts = counters.of(pipeline);
            count(registry, "reserved", "jobs reserved", counts, c -> c.reserved, pipelineTags);
            count(registry, "succeeded", "jobs whose handler returned normally", counts, c -> c.succeeded,
                    pipelineTags);
            count(registry, "failed", "jobs whose handler threw", counts, c -> c.failed, pipelineTags);
            count(registry, "retried", "failed jobs released to run again after a backoff", counts, c -> c.retried,
                    pipelineTags);
            count(registry, "buried", "failed jobs buried after their last attempt", counts, c -> c.buried,
                    pipelineTags);
            for (JobState state : JobState.values()) {
                Gauge.builder("jobqueue.queue.depth", depths, d -> depth(d, pipeline, state))
                        .description("jobs in the pipeline per state, as last sampled")
                        .tags(pipelineTags.and("state", state.name().toLowerCase(Locale.ROOT)))
                        .strongReference(true)
                        .register(registry);
            }
            timers.put(pipeline, new PipelineTimers(registry, pipelineTags));
        }
        Timer reserves = Timer.builder("jobqueue.reserve.duration")
                .description("round trip of one reserve of a batch")
                .tags(tags).register(registry);
        gauge(registry, "jobqueue.pool.size", "handler threads", counters, Counters::handlers);
        gauge(registry, "jobqueue.pool.busy", "handler threads running a job", counters, Counters::busy);
        gauge(registry, "jobqueue.pool.min", "fewest handler threads", config, WorkerConfig::minHandlers);
        gauge(registry, "jobqueue.pool.max", "most handler threads", config, WorkerConfig::maxHandlers);
        worker.observe(new Timings() {
            @Override
            public void reserved(long nanos, int jobs) {
                reserves.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void handled(String pipeline, long nanos, boolean succeeded) {
                PipelineTimers t = timers.computeIfAbsent(pipeline, p -> new PipelineTimers(registry,
                        tags.and("pipeline", p)));
                (succeeded ? t.success : t.failure).record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void waited(String pipeline, Duration wait) {
                timers.computeIfAbsent(pipeline, p -> new PipelineTimers(registry, tags.and("pipeline", p)))
                        .wait.record(wait);
            }
        });
        depths.want();
    }

    private static void count(MeterRegistry registry, String name, String description, PipelineCounts counts,
            Function<PipelineCounts, LongAdder> counter, Tags tags) {
        FunctionCounter.builder("jobqueue.jobs." + name, counts, c -> counter.apply(c).sum())
                .description(description).tags(tags).register(registry);
    }

    private <T> void gauge(MeterRegistry registry, String name, String description, T source,
            ToIntFunction<T> value) {
        Gauge.builder(name, source, s -> value.applyAsInt(s)).description(description).tags(tags)
                .strongReference(true).register(registry);
    }

    private static double depth(QueueDepths depths, String pipeline, JobState state) {
        PipelineStats sample = depths.latest(pipeline);
        return sample == null ? Double.NaN : sample.count(state);
    }

    /** The timers of one pipeline, registered once. */
    private static final class PipelineTimers {
        final Timer success;
        final Timer failure;
        final Timer wait;

        PipelineTimers(MeterRegistry registry, Tags tags) {
            success = handler(registry, tags, "success");
            failure = handler(registry, tags, "failure");
            wait = Timer.builder("jobqueue.queue.wait")
                    .description("from when a job was added to when its first attempt started")
                    .tags(tags).register(registry);
        }

        private static Timer handler(MeterRegistry registry, Tags tags, String outcome) {
            return Timer.builder("jobqueue.handler.duration").description("time a handler ran a job")
                    .tags(tags.and("outcome", outcome)).register(registry);
        }
    }
}
