package io.jobqueue.beanstalkd;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.QueueContract;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;

/** The contract suite against a real beanstalkd, one server for the class. */
class BeanstalkdContractTest extends QueueContract {
    private static BeanstalkdProcess beanstalkd;

    /** Started on first use: the suite opens its queue in a {@code @BeforeAll} that runs before ours would. */
    private static synchronized BeanstalkdProcess server() {
        if (beanstalkd == null) {
            beanstalkd = BeanstalkdProcess.startOrUseEnvironment();
        }
        return beanstalkd;
    }

    @AfterAll
    static synchronized void stopBeanstalkd() {
        if (beanstalkd != null) {
            beanstalkd.close();
            beanstalkd = null;
        }
    }

    @Override
    protected JobQueue open(QueueSettings settings) {
        return JobQueue.connect(server().url(), settings);
    }

    @Override
    protected Optional<String> urlForOtherProcesses() {
        return Optional.of(server().url());
    }
}
