package io.jobqueue.beanstalkd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.InvalidInputException;
import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import io.jobqueue.beanstalkd.client.BeanstalkClient;
import io.jobqueue.beanstalkd.client.BeanstalkConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Credentials in a beanstalkd URL never reach an exception message, however the URL is wrong. */
class UrlRedactionTest {
    private static final String SECRET = "s3cr3t";

    @ParameterizedTest
    @ValueSource(strings = {
            "beanstalkd://user:" + SECRET + "@127.0.0.1:1",
            "beanstalkd://" + SECRET + "@127.0.0.1:1",
            "beanstalkd://user:" + SECRET + "@local host:11300",
            "beanstalkd://user:" + SECRET + "@",
            "beanstalkd://user:" + SECRET + "@127.0.0.1:1/tube?x=1",
            "beanstalkd://user:" + SECRET + "/x@127.0.0.1:1",
            "beanstalkd://user:" + SECRET + "@127.0.0.1:port"})
    void a_url_with_user_info_is_refused_without_echoing_the_password(String url) {
        InvalidInputException queue = assertThrows(InvalidInputException.class, () -> JobQueue.connect(url));
        assertTrue(queue.getMessage().contains("***"), queue.getMessage());
        assertNoSecret(queue);
        assertNoSecret(() -> BeanstalkClient.connect(url));
        assertNoSecret(() -> BeanstalkConfig.fromUrl(url));
        assertNoSecret(() -> new BeanstalkBackendProvider().open(url, QueueSettings.defaults()));
    }

    @Test
    void the_message_names_the_problem_and_shows_the_url_without_user_info() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> JobQueue.connect("beanstalkd://user:" + SECRET + "@127.0.0.1:1"));
        assertEquals("url must not carry user info: beanstalkd has no authentication, was beanstalkd://***@127.0.0.1:1",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://user:" + SECRET + "@127.0.0.1:1", "user:" + SECRET + "@127.0.0.1:1"})
    void a_url_of_another_scheme_is_refused_without_echoing_the_password(String url) {
        assertNoSecret(() -> BeanstalkConfig.fromUrl(url));
    }

    private static void assertNoSecret(Executable failing) {
        assertNoSecret(assertThrows(RuntimeException.class, failing));
    }

    private static void assertNoSecret(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(SECRET), () -> "message shows the password: "
                    + thrown);
            assertFalse(t.toString().contains(SECRET), t::toString);
        }
    }
}
