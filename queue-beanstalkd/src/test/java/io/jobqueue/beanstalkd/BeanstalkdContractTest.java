package io.jobqueue.beanstalkd;

import io.jobqueue.Capability;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.QueueContract;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract suite against a real beanstalkd, one server for the class. */
class BeanstalkdContractTest extends QueueContract {
    /** Started before the suite's own {@code @BeforeAll}, which opens its queue. */
    @RegisterExtension
    static final BeanstalkdServerExtension BEANSTALKD = new BeanstalkdServerExtension();

    @Override
    protected JobQueue open(QueueSettings settings) {
        return JobQueue.connect(BEANSTALKD.url(), settings);
    }

    @Override
    protected String lacking(Capability capability) {
        return capability == Capability.WORKER_REGISTRY
                ? "beanstalkd holds nothing but jobs in tubes; its stats count the connections waiting in reserve"
                        + " (current-workers, current-waiting) but cannot name the processes behind them"
                : super.lacking(capability);
    }

    @Override
    protected Optional<String> urlForOtherProcesses() {
        return Optional.of(BEANSTALKD.url());
    }
}
