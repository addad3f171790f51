package io.jobqueue.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every backend, given a URL with a password in each form users write it, fails to connect without the
 * password reaching an exception message, a stack trace or a log line. The connects run in a JVM of their own
 * so that everything printed, the libraries' logs included, is read.
 */
class CredentialLeakTest {
    private static final String SECRET = "s3cr3tPw";

    static List<String> urls() {
        List<String> urls = new ArrayList<>();
        for (String base : List.of("jdbc:postgresql://127.0.0.1:1/test", "jdbc:mariadb://127.0.0.1:1/test",
                "jdbc:mysql://127.0.0.1:1/test")) {
            for (String key : List.of("password", "PASSWORD", "Password")) {
                urls.add(base + "?user=someone&" + key + "=" + SECRET);
            }
        }
        urls.add("jdbc:mysql://someone:" + SECRET + "@127.0.0.1:1/test");
        urls.add("jdbc:mariadb://someone:" + SECRET + "@127.0.0.1:1/test");
        urls.add("jdbc:postgresql://someone:" + SECRET + "@127.0.0.1:1/test");
        urls.add("jdbc:sqlite:/nonexistent-dir/jobs.db?password=" + SECRET);
        urls.add("beanstalkd://someone:" + SECRET + "@127.0.0.1:1");
        urls.add("beanstalkd://127.0.0.1:1?password=" + SECRET);
        urls.add("amqp://someone:" + SECRET + "@127.0.0.1:1/%2F");
        urls.add("amqp://127.0.0.1:1/%2F?password=" + SECRET);
        urls.add("nosuchscheme://someone:" + SECRET + "@host/?PASSWORD=" + SECRET);
        return urls;
    }

    @Test
    void no_message_stack_trace_or_log_line_of_a_failed_connect_holds_the_password() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), FailingConnectMain.class.getName()));
        List<String> urls = urls();
        command.addAll(urls);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        assertTrue(output.contains("done"), output);
        assertFalse(output.contains("UNEXPECTED"), output);
        assertEquals(urls.size(), output.lines().filter(line -> line.startsWith("refused: ")).count(), output);
        assertFalse(output.contains(SECRET), "the password leaked:\n" + output);
    }
}
