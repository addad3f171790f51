package io.jobqueue.example;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;

/** Opens the queue a command names with {@code --url}, passing {@code --option name=value} to the backend. */
final class QueueConnections {
    static final String DEFAULT_URL = "jdbc:sqlite:jobqueue.db";

    private QueueConnections() {}

    static JobQueue open(Args args) {
        return JobQueue.connect(args.get("url", DEFAULT_URL), settings(args));
    }

    /** {@code --option table=my_jobs} sets the JDBC backend's table, for example. */
    static QueueSettings settings(Args args) {
        QueueSettings.Builder settings = QueueSettings.builder();
        for (String option : args.all("option")) {
            int eq = option.indexOf('=');
            if (eq < 1) {
                throw new UsageException("--option must look like name=value, got '" + option + "'");
            }
            settings.option(option.substring(0, eq).trim(), option.substring(eq + 1).trim());
        }
        return settings.build();
    }
}
