package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.QueueContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The contract suite on a MySQL 8 server, given by {@value #ENV} (e.g. {@code jdbc:mysql://host:3306/test?user=root}).
 * This project's machines run MariaDB, which {@link MariaDbContractTest} covers with the same dialect family;
 * without a MySQL 8 server (and no Docker engine for Testcontainers) the suite shows as skipped with that reason.
 */
class MySqlContractTest extends QueueContract {
    static final String ENV = "JOBQUEUE_TEST_MYSQL8_URL";
    private final String url = System.getenv(ENV);

    @Override
    protected JobQueue open(QueueSettings settings) {
        assumeTrue(url != null && !url.isBlank(), "no MySQL 8 server: set " + ENV + " to run this suite");
        return JobQueue.connect(url, settings.toBuilder().option(JdbcBackend.DIALECT, "mysql").build());
    }

    @Override
    protected Optional<String> urlForOtherProcesses() {
        return Optional.of(url);
    }

    @Override
    protected Connection callerConnection() throws SQLException {
        return DriverManager.getConnection(url.replace("jdbc:mysql:", "jdbc:mariadb:"));
    }
}
