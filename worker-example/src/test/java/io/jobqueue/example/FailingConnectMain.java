package io.jobqueue.example;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import java.time.Duration;

/**
 * For {@link CredentialLeakTest}: connects to each URL given, none of which can work, and prints every
 * exception with its causes and stack trace, so the test sees all a user could see: messages and log lines.
 */
public final class FailingConnectMain {
    private FailingConnectMain() {}

    public static void main(String[] urls) {
        QueueSettings settings = QueueSettings.builder().connectTimeout(Duration.ofMillis(500))
                .callTimeout(Duration.ofMillis(500)).build();
        for (String url : urls) {
            try (JobQueue queue = JobQueue.connect(url, settings)) {
                queue.addJob("x");
                System.out.println("UNEXPECTED: connected to a URL that cannot work");
            } catch (RuntimeException e) {
                System.out.println("refused: " + e);
                e.printStackTrace(System.out);
            }
        }
        System.out.println("done");
    }
}
