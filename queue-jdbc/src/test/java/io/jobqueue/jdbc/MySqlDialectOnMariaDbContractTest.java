package io.jobqueue.jdbc;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.QueueContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The contract suite on MySQL 8's dialect (no {@code RETURNING}: generated keys, batched deletes) through MySQL
 * Connector/J, against this project's MariaDB server, which runs MySQL 8's SQL too. Without a MySQL 8 server
 * ({@link MySqlContractTest}) this is as near as the project's machines get: MySQL's driver and MySQL's SQL.
 */
class MySqlDialectOnMariaDbContractTest extends QueueContract {
    private final String url = TestDatabases.mysqlConnectorUrl();

    @Override
    protected JobQueue open(QueueSettings settings) {
        return JobQueue.connect(url, settings.toBuilder().option(JdbcBackend.POOL_SIZE, "12")
                .option(JdbcBackend.DIALECT, "mysql").build());
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
