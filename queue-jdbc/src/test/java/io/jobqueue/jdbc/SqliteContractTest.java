package io.jobqueue.jdbc;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.QueueContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

class SqliteContractTest extends QueueContract {
    private final String url = TestDatabases.sqliteFileUrl("contract");

    @Override
    protected JobQueue open(QueueSettings settings) {
        return JobQueue.connect(url, settings);
    }

    @Override
    protected Optional<String> urlForOtherProcesses() {
        return Optional.of(url);
    }

    @Override
    protected Connection callerConnection() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        c.createStatement().execute("PRAGMA busy_timeout = 30000");
        return c;
    }
}
