package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.QueueContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The contract suite through MySQL Connector/J ({@code com.mysql:mysql-connector-j}, a {@code jdbc:mysql:} URL)
 * against this project's MariaDB server, beside {@link MariaDbContractTest}'s run through MariaDB Connector/J.
 * Connector/J calls every server MySQL; the backend still detects MariaDB and uses its dialect.
 */
class MySqlConnectorOnMariaDbContractTest extends QueueContract {
    private final String url = TestDatabases.mysqlConnectorUrl();

    @Override
    protected JobQueue open(QueueSettings settings) {
        JdbcBackend backend = JdbcBackend.open(url, settings.toBuilder().option(JdbcBackend.POOL_SIZE, "12").build());
        assertEquals("mariadb", backend.dialectName());
        return JobQueue.create(backend, settings);
    }

    @Override
    protected Optional<String> urlForOtherProcesses() {
        return Optional.of(url);
    }

    @Override
    protected Connection callerConnection() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        assertEquals("MySQL Connector/J", c.getMetaData().getDriverName().replaceAll(" - .*", ""));
        return c;
    }
}
