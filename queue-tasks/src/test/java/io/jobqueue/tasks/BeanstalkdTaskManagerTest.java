package io.jobqueue.tasks;

/** Tasks on beanstalkd, which cannot join a transaction: the store is an SQLite file, the jobs go through its outbox. */
class BeanstalkdTaskManagerTest extends TaskManagerContract {
    @Override
    String database() {
        return "beanstalkd";
    }
}
