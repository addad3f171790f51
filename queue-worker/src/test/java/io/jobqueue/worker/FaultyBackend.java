package io.jobqueue.worker;

import io.jobqueue.BackendException;
import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.PipelineStats;
import io.jobqueue.QueueSettings;
import io.jobqueue.spi.AddRequest;
import io.jobqueue.spi.BackendProvider;
import io.jobqueue.spi.BuryRequest;
import io.jobqueue.Capability;
import io.jobqueue.spi.DeleteRequest;
import io.jobqueue.spi.KickJobRequest;
import io.jobqueue.spi.KickRequest;
import io.jobqueue.Outcome;
import io.jobqueue.spi.PeekRequest;
import io.jobqueue.spi.PeekStateRequest;
import io.jobqueue.spi.QueueBackend;
import io.jobqueue.spi.ReleaseRequest;
import io.jobqueue.spi.ReserveRequest;
import io.jobqueue.spi.StatsRequest;
import io.jobqueue.spi.TouchRequest;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real backend with faults injected in front of it: the next few reserves or deletes fail as a lost
 * connection would, before they reach the database. Everything else goes straight through; subclasses may
 * observe calls.
 */
class FaultyBackend implements QueueBackend {
    final AtomicInteger reservesToFail = new AtomicInteger();
    final AtomicInteger deletesToFail = new AtomicInteger();
    private QueueBackend real;

    /** A queue on the backend {@code url} names (opened as {@code JobQueue.connect} would), through {@code faulty}. */
    static JobQueue open(String url, FaultyBackend faulty) {
        QueueSettings settings = TestQueues.SETTINGS;
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
            if (provider.accepts(url)) {
                faulty.real = provider.open(url, settings);
                return JobQueue.create(faulty, settings);
            }
        }
        throw new IllegalArgumentException("no backend accepts " + url);
    }

    private static void maybeFail(AtomicInteger toFail, String operation) {
        if (toFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new BackendException(operation + " failed: connection reset (injected by the test)");
        }
    }

    @Override
    public List<Job> reserve(ReserveRequest request) {
        maybeFail(reservesToFail, "reserve");
        return real.reserve(request);
    }

    @Override
    public List<Outcome> delete(DeleteRequest request) {
        maybeFail(deletesToFail, "delete");
        return real.delete(request);
    }

    @Override
    public Set<Capability> capabilities() {
        return real.capabilities();
    }

    @Override
    public int maxPayloadBytes() {
        return real.maxPayloadBytes();
    }

    @Override
    public String maxPayloadBytesSource() {
        return real.maxPayloadBytesSource();
    }

    @Override
    public List<Long> add(AddRequest request) {
        return real.add(request);
    }

    @Override
    public Outcome release(ReleaseRequest request) {
        return real.release(request);
    }

    @Override
    public Outcome bury(BuryRequest request) {
        return real.bury(request);
    }

    @Override
    public Outcome touch(TouchRequest request) {
        return real.touch(request);
    }

    @Override
    public Outcome kickJob(KickJobRequest request) {
        return real.kickJob(request);
    }

    @Override
    public int kick(KickRequest request) {
        return real.kick(request);
    }

    @Override
    public Optional<Job> peek(PeekRequest request) {
        return real.peek(request);
    }

    @Override
    public Optional<Job> peek(PeekStateRequest request) {
        return real.peek(request);
    }

    @Override
    public PipelineStats stats(StatsRequest request) {
        return real.stats(request);
    }

    @Override
    public List<String> pipelines() {
        return real.pipelines();
    }

    @Override
    public void close() {
        real.close();
    }
}
