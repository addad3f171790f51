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
        return switch (capability) {
            case WORKER_REGISTRY -> "beanstalkd holds nothing but jobs in tubes; its stats count the connections"
                    + " waiting in reserve (current-workers, current-waiting) but cannot name the processes behind them";
            case SCHEDULES -> "beanstalkd holds nothing but jobs in tubes: a schedule kept as a delayed job cannot be"
                    + " read and replaced by one scheduler only, as no command changes a job on a condition";
            case PIPELINE_LIMITS -> "a reserve cannot check a tube's reserved count (stats-tube current-jobs-reserved)"
                    + " atomically: another connection's reserve can land between the check and the reserve";
            default -> super.lacking(capability);
        };
    }

    @Override
    protected Optional<String> urlForOtherProcesses() {
        return Optional.of(BEANSTALKD.url());
    }
}
