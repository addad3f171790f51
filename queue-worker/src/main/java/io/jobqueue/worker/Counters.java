package io.jobqueue.worker;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** The live counters behind {@link WorkerStats}. */
final class Counters {
    final LongAdder reserved = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder buried = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    private final IntSupplier inFlight;

    Counters(IntSupplier inFlight) {
        this.inFlight = inFlight;
    }

    WorkerStats snapshot() {
        return new WorkerStats(reserved.sum(), succeeded.sum(), retried.sum(), buried.sum(), inFlight.getAsInt(),
                reconnects.sum());
    }
}
