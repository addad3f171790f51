package io.jobqueue.tasks;

class PostgresTaskManagerTest extends TaskManagerContract {
    @Override
    String database() {
        return "postgresql";
    }
}
