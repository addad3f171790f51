package io.jobqueue.rabbitmq;

import io.jobqueue.Capability;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.QueueContract;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/**
 * The contract suite against the real RabbitMQ, with default options (quorum queues, the default prefix, so the
 * processes of the multi-process test, which connect with default settings, share the queues).
 */
class RabbitMqContractTest extends QueueContract {
    private final List<RabbitBackend> opened = new ArrayList<>();

    @Override
    protected JobQueue open(QueueSettings settings) {
        RabbitBackend backend = RabbitBackend.open(RabbitMqServer.URL, settings);
        synchronized (opened) {
            opened.add(backend);
        }
        return JobQueue.create(backend, settings);
    }

    @Override
    protected Optional<String> urlForOtherProcesses() {
        return Optional.of(RabbitMqServer.URL);
    }

    @Override
    protected String lacking(Capability capability) {
        return RabbitMqReasons.lacking(capability).orElseGet(() -> super.lacking(capability));
    }

    @AfterAll
    void deleteQueues() throws Exception {
        Set<String> queues = new HashSet<>();
        synchronized (opened) {
            for (RabbitBackend backend : opened) {
                queues.addAll(backend.declaredQueues());
                backend.close();
            }
        }
        RabbitMqServer.deleteAll(null, queues); // the default prefix's exchanges may serve others
    }
}
