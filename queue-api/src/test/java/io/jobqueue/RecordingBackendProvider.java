package io.jobqueue;

import io.jobqueue.spi.AddRequest;
import io.jobqueue.spi.BackendProvider;
import io.jobqueue.spi.BuryRequest;
import io.jobqueue.spi.DeleteRequest;
import io.jobqueue.spi.KickJobRequest;
import io.jobqueue.spi.KickRequest;
import io.jobqueue.spi.PeekRequest;
import io.jobqueue.spi.PeekStateRequest;
import io.jobqueue.spi.QueueBackend;
import io.jobqueue.spi.ReleaseRequest;
import io.jobqueue.spi.ReserveRequest;
import io.jobqueue.spi.StatsRequest;
import io.jobqueue.spi.TouchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A third-party backend known only through META-INF/services (see src/test/resources). It stores nothing;
 * it records the requests the facade sends so tests can see what reached the backend.
 */
public final class RecordingBackendProvider implements BackendProvider {
    static final String SCHEME = "recording:";
    /** Every backend this provider opened, by URL: tests use a URL of their own and look the backend up. */
    static final Map<String, RecordingBackend> OPENED = new ConcurrentHashMap<>();

    static RecordingBackend opened(String url) {
        return OPENED.get(url);
    }

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public boolean accepts(String url) {
        return url.startsWith(SCHEME);
    }

    @Override
    public QueueBackend open(String url, QueueSettings settings) {
        RecordingBackend backend = new RecordingBackend(url);
        OPENED.put(url, backend);
        return backend;
    }

    static final class RecordingBackend implements QueueBackend {
        final String url;
        final List<Object> requests = new ArrayList<>();
        boolean closed;

        RecordingBackend(String url) {
            this.url = url;
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public int maxPayloadBytes() {
            return 16;
        }

        @Override
        public synchronized List<Long> add(AddRequest r) {
            requests.add(r);
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < r.jobs().size(); i++) {
                ids.add((long) requests.size() * 1000 + i);
            }
            return ids;
        }

        @Override
        public synchronized List<Job> reserve(ReserveRequest r) {
            requests.add(r);
            return List.of();
        }

        @Override
        public synchronized List<Outcome> delete(DeleteRequest r) {
            requests.add(r);
            return r.jobs().stream().map(j -> Outcome.NOT_FOUND).toList();
        }

        @Override
        public synchronized Outcome release(ReleaseRequest r) {
            requests.add(r);
            return Outcome.RESERVATION_LOST;
        }

        @Override
        public Outcome bury(BuryRequest r) {
            return Outcome.NOT_FOUND;
        }

        @Override
        public Outcome touch(TouchRequest r) {
            return Outcome.NOT_FOUND;
        }

        @Override
        public Outcome kickJob(KickJobRequest r) {
            return Outcome.NOT_FOUND;
        }

        @Override
        public int kick(KickRequest r) {
            return 0;
        }

        @Override
        public Optional<Job> peek(PeekRequest r) {
            return Optional.empty();
        }

        @Override
        public Optional<Job> peek(PeekStateRequest r) {
            return Optional.empty();
        }

        @Override
        public PipelineStats stats(StatsRequest r) {
            return new PipelineStats(r.pipeline(), 0, 0, 0, 0);
        }

        @Override
        public List<String> pipelines() {
            return List.of();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
