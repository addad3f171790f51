package io.jobqueue.tasks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** MariaDB 10.6+ and MySQL 8 (InnoDB): LONGTEXT for JSON, no partial indexes, read committed. */
final class MariaDbStoreDialect extends StoreDialect {
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final int DEADLOCK = 1213;

    @Override
    String name() {
        return "mariadb";
    }

    @Override
    List<String> schema(TaskTables t) {
        return List.of("""
                CREATE TABLE IF NOT EXISTS %1$s (
                  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                  name VARCHAR(100) NOT NULL,
                  status VARCHAR(9) NOT NULL,
                  stage INT NOT NULL DEFAULT 0,
                  parent_id BIGINT,
                  parent_stage INT,
                  child_seq BIGINT,
                  params LONGTEXT NOT NULL,
                  result LONGTEXT,
                  error TEXT,
                  attempts INT NOT NULL DEFAULT 0,
                  priority BIGINT NOT NULL,
                  ttr_ms BIGINT NOT NULL,
                  job_id BIGINT,
                  claim_job_id BIGINT,
                  created_at BIGINT NOT NULL,
                  updated_at BIGINT NOT NULL,
                  started_at BIGINT,
                  finished_at BIGINT,
                  UNIQUE KEY %1$s_child (parent_id, parent_stage, child_seq),
                  KEY %1$s_name (name, status, id),
                  KEY %1$s_status (status, id),
                  KEY %1$s_finished (finished_at)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""".formatted(t.tasks()),
                """
                CREATE TABLE IF NOT EXISTS %1$s (
                  task_id BIGINT NOT NULL,
                  stage INT NOT NULL,
                  name VARCHAR(100) NOT NULL,
                  status VARCHAR(9) NOT NULL,
                  fail_fast SMALLINT NOT NULL,
                  last_stage SMALLINT NOT NULL,
                  handler_done SMALLINT NOT NULL DEFAULT 0,
                  children_total BIGINT NOT NULL DEFAULT 0,
                  children_completed BIGINT NOT NULL DEFAULT 0,
                  children_failed BIGINT NOT NULL DEFAULT 0,
                  result LONGTEXT,
                  started_at BIGINT,
                  finished_at BIGINT,
                  PRIMARY KEY (task_id, stage)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""".formatted(t.stages()),
                """
                CREATE TABLE IF NOT EXISTS %1$s (
                  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                  task_id BIGINT NOT NULL,
                  stage INT NOT NULL,
                  name VARCHAR(100) NOT NULL,
                  priority BIGINT NOT NULL,
                  ttr_ms BIGINT NOT NULL,
                  delay_ms BIGINT NOT NULL,
                  created_at BIGINT NOT NULL
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""".formatted(t.outbox()));
    }

    @Override
    String insertIfAbsent(String table, String columns, String values, String key) {
        // Not INSERT IGNORE: that would also turn other errors (a value too long) into warnings.
        String first = key.split(",")[0].trim();
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ") ON DUPLICATE KEY UPDATE "
                + first + " = " + first;
    }

    @Override
    void begin(Connection c) throws SQLException {
        // Under InnoDB's default REPEATABLE READ a plain SELECT after an UPDATE could read an older snapshot
        // than the row the UPDATE locked; read committed reads what the lock protects.
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    }

    @Override
    boolean isTransient(SQLException e) {
        return e.getErrorCode() == DEADLOCK || e.getErrorCode() == LOCK_WAIT_TIMEOUT || super.isTransient(e);
    }
}
