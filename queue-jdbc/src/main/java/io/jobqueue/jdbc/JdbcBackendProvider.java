package io.jobqueue.jdbc;

import io.jobqueue.QueueSettings;
import io.jobqueue.spi.BackendProvider;
import io.jobqueue.spi.QueueBackend;
import java.util.Locale;

/** Registers the JDBC backend for {@code jdbc:sqlite:}, {@code jdbc:postgresql:}, {@code jdbc:mysql:} and {@code jdbc:mariadb:}. */
public final class JdbcBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "jdbc (sqlite, postgresql, mysql, mariadb)";
    }

    @Override
    public boolean accepts(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return u.startsWith("jdbc:sqlite:") || u.startsWith("jdbc:postgresql:") || u.startsWith("jdbc:mysql:")
                || u.startsWith("jdbc:mariadb:");
    }

    @Override
    public QueueBackend open(String url, QueueSettings settings) {
        return JdbcBackend.open(url, settings);
    }
}
