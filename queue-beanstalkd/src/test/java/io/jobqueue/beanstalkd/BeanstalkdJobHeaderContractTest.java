package io.jobqueue.beanstalkd;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;

/**
 * The contract suite again with the option {@value BeanstalkBackend#JOB_HEADER}: reserves skip stats-job and read
 * priority and reservation count on demand, and every answer must stay the same.
 */
class BeanstalkdJobHeaderContractTest extends BeanstalkdContractTest {
    @Override
    protected JobQueue open(QueueSettings settings) {
        return JobQueue.connect(BEANSTALKD.url(),
                settings.toBuilder().option(BeanstalkBackend.JOB_HEADER, "true").build());
    }
}
