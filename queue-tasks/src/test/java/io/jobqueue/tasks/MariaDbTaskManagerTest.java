package io.jobqueue.tasks;

class MariaDbTaskManagerTest extends TaskManagerContract {
    @Override
    String database() {
        return "mariadb";
    }
}
