package io.jobqueue.jdbc;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.QueueContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract suite on a MySQL 8 server, given by {@value #ENV} (e.g. {@code jdbc:mysql://host:3306/test?user=root}),
 * through MySQL Connector/J. This project's machines run MariaDB, which {@link MariaDbContractTest},
 * {@link MySqlConnectorOnMariaDbContractTest} and {@link MySqlDialectOnMariaDbContractTest} cover; without a MySQL 8
 * server the suite shows as skipped with that reason.
 */
@EnabledIfEnvironmentVariable(named = MySqlContractTest.ENV, matches = ".*\\S.*",
        disabledReason = "no MySQL 8 server: set " + MySqlContractTest.ENV + " to a jdbc:mysql: URL to run this suite")
class MySqlContractTest extends QueueContract {
    static final String ENV = "JOBQUEUE_TEST_MYSQL8_URL";
    private final String url = System.getenv(ENV);

    @Override
    protected JobQueue open(QueueSettings settings) {
        return JobQueue.connect(url, settings.toBuilder().option(JdbcBackend.DIALECT, "mysql").build());
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
