package io.jobqueue.tasks;

class SqliteTaskManagerTest extends TaskManagerContract {
    @Override
    String database() {
        return "sqlite";
    }
}
