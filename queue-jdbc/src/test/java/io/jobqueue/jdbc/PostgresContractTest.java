package io.jobqueue.jdbc;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.QueueContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

class PostgresContractTest extends QueueContract {
    private final String url = TestDatabases.postgresUrl();

    @Override
    protected JobQueue open(QueueSettings settings) {
        return JobQueue.connect(url, settings.toBuilder().option(JdbcBackend.POOL_SIZE, "12").build());
    }

    @Override
    protected Optional<String> urlForOtherProcesses() {
        return Optional.of(url);
    }

    @Override
    protected Connection callerConnection() throws SQLException {
        return DriverManager.getConnection(url);
    }
}
