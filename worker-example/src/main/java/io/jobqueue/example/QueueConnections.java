package io.jobqueue.example;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Opens the queue a command names, passing {@code --option name=value} to the backend. The URL comes from, in
 * order: {@code --url}, the first line of the file {@code --url-file} names, the environment variable
 * {@value #URL_ENV}, or {@value #DEFAULT_URL}. A URL with a password belongs in the file or the variable: an
 * argument is visible to every user of the machine in {@code ps}.
 */
public final class QueueConnections {
    public static final String DEFAULT_URL = "jdbc:sqlite:jobqueue.db";
    public static final String URL_ENV = "JOBQUEUE_URL";

    private QueueConnections() {}

    static JobQueue open(Args args) {
        return JobQueue.connect(url(args, System.getenv()), settings(args));
    }

    /** The queue URL, from the first of --url, --url-file, {@value #URL_ENV} and the default that is set. */
    static String url(Args args, Map<String, String> env) {
        return url(args.find("url").orElse(null), args.find("url-file").map(Path::of).orElse(null), env);
    }

    /**
     * The queue URL: {@code url} if given, else the first non-blank line of {@code urlFile} if given, else
     * {@value #URL_ENV} from {@code env}, else {@value #DEFAULT_URL}. Both {@code url} and {@code urlFile} is a
     * usage error.
     */
    public static String url(String url, Path urlFile, Map<String, String> env) {
        if (url != null && urlFile != null) {
            throw new UsageException("give --url or --url-file, not both");
        }
        if (url != null) {
            return url;
        }
        if (urlFile != null) {
            try {
                return Files.readAllLines(urlFile).stream().map(String::trim).filter(line -> !line.isEmpty())
                        .findFirst()
                        .orElseThrow(() -> new UsageException("--url-file " + urlFile + " holds no URL"));
            } catch (IOException e) {
                throw new UsageException("--url-file: cannot read " + urlFile + ": " + e.getMessage());
            }
        }
        String fromEnv = env.get(URL_ENV);
        return fromEnv == null || fromEnv.isBlank() ? DEFAULT_URL : fromEnv.trim();
    }

    /** {@code --option table=my_jobs} sets the JDBC backend's table, for example. */
    static QueueSettings settings(Args args) {
        return settings(args.all("option"));
    }

    /** Queue settings with each {@code name=value} of {@code options} as a backend option. */
    public static QueueSettings settings(List<String> options) {
        QueueSettings.Builder settings = QueueSettings.builder();
        for (String option : options) {
            int eq = option.indexOf('=');
            if (eq < 1) {
                throw new UsageException("--option must look like name=value, got '" + option + "'");
            }
            settings.option(option.substring(0, eq).trim(), option.substring(eq + 1).trim());
        }
        return settings.build();
    }
}
