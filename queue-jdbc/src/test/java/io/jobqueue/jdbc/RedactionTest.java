package io.jobqueue.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.BackendException;
import io.jobqueue.JobQueue;
import io.jobqueue.internal.Redaction;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A failing connect shows the URL without its password, in any spelling, anywhere in the exception chain. */
class RedactionTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://127.0.0.1:1/test?user=someone&password=secret",
            "jdbc:postgresql://127.0.0.1:1/test?user=someone&PASSWORD=secret",
            "jdbc:mariadb://127.0.0.1:1/test?user=someone&Password=secret&connectTimeout=2000",
            "jdbc:mysql://someone:secret@127.0.0.1:1/test",
            "jdbc:mysql://127.0.0.1:1/test?user=someone&password=secret",
            "jdbc:mariadb://someone:secret@127.0.0.1:1/test"})
    void no_message_of_a_failed_connect_holds_the_password(String url) {
        BackendException e = assertThrows(BackendException.class, () -> JobQueue.connect(url));
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
        assertTrue(e.getMessage().contains("***"), e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("secret"), t + " in the chain of " + e);
            assertFalse(t.toString().contains("secret"), t.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"password=secret", "PASSWORD=secret", "Password=secret", "sslpassword=secret"})
    void password_parameters_are_masked_in_any_case(String parameter) {
        String url = "jdbc:postgresql://db/test?user=u&" + parameter + "&ssl=true";
        String redacted = Redaction.url(url);
        assertFalse(redacted.contains("secret"), redacted);
        assertTrue(redacted.endsWith("=***&ssl=true"), redacted);
        assertEquals(List.of("secret"), Redaction.secrets(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql://user:secret@host:3306/db", "jdbc:mysql://user:secret@host/db?x=1",
            "amqp://user:secret@host:5672/vhost"})
    void the_password_of_user_info_is_masked(String url) {
        String redacted = Redaction.url(url);
        assertFalse(redacted.contains("secret"), redacted);
        assertTrue(redacted.contains("//user:***@host"), redacted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "jdbc:sqlite:/tmp/a:b@c.db"})
    void urls_without_a_password_are_unchanged(String url) {
        assertEquals(url, Redaction.url(url));
    }
}
