package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jobqueue.InvalidInputException;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void a_mistyped_option_is_refused_with_the_known_ones() {
        QueueSettings settings = QueueSettings.builder().option("tabel", "my_jobs").build();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> JobQueue.connect(TestDatabases.sqliteFileUrl("options"), settings));
        assertEquals("unknown option tabel for the JDBC backend; known options: dialect, poolSize, table",
                e.getMessage());
    }

    @Test
    void a_mistyped_option_is_refused_with_a_datasource_too() {
        org.sqlite.SQLiteDataSource dataSource = new org.sqlite.SQLiteDataSource();
        dataSource.setUrl(TestDatabases.sqliteFileUrl("options"));
        QueueSettings settings = QueueSettings.builder().option("Dialect", "sqlite").build();
        assertThrows(InvalidInputException.class, () -> JdbcBackend.create(dataSource, settings));
    }

    @Test
    void pool_size_must_be_a_whole_number_of_at_least_1() {
        for (String bad : new String[] {"0", "-3", "ten", ""}) {
            QueueSettings settings = QueueSettings.builder().option(JdbcBackend.POOL_SIZE, bad).build();
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> JdbcBackend.open(TestDatabases.sqliteFileUrl("options"), settings), bad);
            assertEquals("option poolSize must be a whole number between 1 and 1000, got '" + bad + "'", e.getMessage());
        }
    }
}
