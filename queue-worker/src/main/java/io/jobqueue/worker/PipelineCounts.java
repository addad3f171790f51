package io.jobqueue.worker;

import java.util.concurrent.atomic.LongAdder;

/** The live counts of one pipeline in one worker. */
final class PipelineCounts {
    final LongAdder reserved = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    /** Handlers that threw: each such job is then retried, buried, or (if the backend failed) left to its TTR. */
    final LongAdder failed = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder buried = new LongAdder();
}
