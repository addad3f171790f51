package io.jobqueue.example.cli;

import io.jobqueue.JobQueue;
import io.jobqueue.example.QueueConnections;
import io.jobqueue.internal.Redaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that say which queue a command works on; the same as the example jar's other commands take. */
final class ConnectionOptions {
    @Option(names = "--url", paramLabel = "URL", description = {
            "The queue, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres or beanstalkd://127.0.0.1:11300.",
            "Without it: --url-file, else $JOBQUEUE_URL, else " + QueueConnections.DEFAULT_URL + "."})
    String url;

    @Option(names = "--url-file", paramLabel = "FILE", description = {
            "Read the URL from the first line of FILE. A URL with a password belongs here or in $JOBQUEUE_URL:"
                    + " arguments show in ps."})
    Path urlFile;

    @Option(names = "--option", paramLabel = "NAME=VALUE", description = {
            "A backend setting, repeatable, e.g. --option table=my_jobs."})
    List<String> options = new ArrayList<>();

    /** The URL these options name; never printed as it is, since it may hold a password. */
    String url(Map<String, String> env) {
        return QueueConnections.url(url, urlFile, env);
    }

    JobQueue open(Map<String, String> env) {
        return JobQueue.connect(url(env), QueueConnections.settings(options));
    }

    /** The URL with its password masked, for messages. */
    String shown(Map<String, String> env) {
        return Redaction.url(url(env));
    }
}
