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

/** The contract suite against the real RabbitMQ, on quorum queues (the default). */
class RabbitMqContractTest extends QueueContract {
    private final String prefix = RabbitMqServer.newPrefix();
    private final List<RabbitBackend> opened = new ArrayList<>();

    @Override
    protected QueueSettings settings() {
        return super.settings().toBuilder().option(RabbitConfig.PREFIX, prefix).build();
    }

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
        return Optional.empty(); // child processes would use the default prefix; see RabbitMqAcrossProcessesTest
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
        RabbitMqServer.deleteAll(prefix, queues);
    }
}
