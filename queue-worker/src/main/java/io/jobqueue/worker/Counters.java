package io.jobqueue.worker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.IntSupplier;

/** The live counters behind {@link WorkerStats}: per pipeline, and the reconnects of the whole worker. */
final class Counters {
    final LongAdder reconnects = new LongAdder();
    private final Map<String, PipelineCounts> pipelines = new ConcurrentHashMap<>();
    private final List<String> registered;
    private final IntSupplier inFlight;
    private final IntSupplier handlers;
    private final IntSupplier busy;
    /** Set (before the worker starts) by an observer such as the metrics binder. */
    volatile Timings timings = Timings.NONE;

    Counters(List<String> pipelines, IntSupplier inFlight, IntSupplier handlers, IntSupplier busy) {
        pipelines.forEach(p -> this.pipelines.put(p, new PipelineCounts()));
        this.registered = List.copyOf(pipelines);
        this.inFlight = inFlight;
        this.handlers = handlers;
        this.busy = busy;
    }

    /** The counts of {@code pipeline}: a registered one, the only kind a worker reserves from. */
    PipelineCounts of(String pipeline) {
        return pipelines.computeIfAbsent(pipeline, p -> new PipelineCounts());
    }

    /** The registered pipelines, in the order they were registered. */
    List<String> pipelines() {
        return registered;
    }

    int handlers() {
        return handlers.getAsInt();
    }

    int busy() {
        return busy.getAsInt();
    }

    WorkerStats snapshot() {
        return new WorkerStats(sum(c -> c.reserved), sum(c -> c.succeeded), sum(c -> c.retried), sum(c -> c.buried),
                inFlight.getAsInt(), reconnects.sum(), sum(c -> c.failed), handlers.getAsInt(), busy.getAsInt());
    }

    private long sum(Function<PipelineCounts, LongAdder> counter) {
        return pipelines.values().stream().mapToLong(c -> counter.apply(c).sum()).sum();
    }
}
