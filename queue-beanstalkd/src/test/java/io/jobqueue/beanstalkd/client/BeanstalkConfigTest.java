package io.jobqueue.beanstalkd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BeanstalkConfigTest {

    @Test
    void defaults_are_the_named_constants() {
        BeanstalkConfig config = BeanstalkConfig.defaults();

        assertEquals(BeanstalkConfig.DEFAULT_HOST, config.host());
        assertEquals(11300, config.port());
        assertEquals(BeanstalkConfig.DEFAULT_CONNECT_TIMEOUT, config.connectTimeout());
        assertEquals(BeanstalkConfig.DEFAULT_COMMAND_TIMEOUT, config.commandTimeout());
        assertEquals(BeanstalkConfig.DEFAULT_RECONNECT_ATTEMPTS, config.reconnectAttempts());
        assertEquals(BeanstalkConfig.DEFAULT_RECONNECT_INITIAL_DELAY, config.reconnectInitialDelay());
        assertEquals(BeanstalkConfig.DEFAULT_RECONNECT_MAX_DELAY, config.reconnectMaxDelay());
        assertEquals(BeanstalkConfig.MAX_JOB_SIZE_FROM_SERVER, config.maxJobSize());
        assertEquals(SocketFactory.getDefault(), config.socketFactory());
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                row(b -> b.host(null), "host must not be null or blank"),
                row(b -> b.host(" "), "host must not be null or blank"),
                row(b -> b.port(0), "port must be between 1 and 65535, was 0"),
                row(b -> b.port(65536), "port must be between 1 and 65535, was 65536"),
                row(b -> b.connectTimeout(Duration.ZERO), "connectTimeout must be between 1 ms"),
                row(b -> b.connectTimeout(null), "connectTimeout must not be null"),
                row(b -> b.commandTimeout(Duration.ofMillis(-1)), "commandTimeout must be between 0 ms"),
                row(b -> b.commandTimeout(Duration.ofDays(30)),
                        "commandTimeout must be between 0 ms and 2147483647 ms"),
                row(b -> b.reconnectAttempts(0), "reconnectAttempts must be at least 1, was 0"),
                row(b -> b.reconnectInitialDelay(Duration.ofSeconds(-1)), "reconnectInitialDelay must be between"),
                row(b -> b.reconnectInitialDelay(Duration.ofSeconds(10)).reconnectMaxDelay(Duration.ofSeconds(1)),
                        "reconnectMaxDelay (PT1S) must not be shorter than reconnectInitialDelay (PT10S)"),
                row(b -> b.maxJobSize(-1), "maxJobSize must be between 0 (ask the server)"),
                row(b -> b.socketFactory(null), "socketFactory must not be null"));
    }

    private static Arguments row(UnaryOperator<BeanstalkConfig.Builder> change, String message) {
        return arguments(message, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void invalid_setting_is_rejected_when_built_with_a_message_naming_it(
            String message, UnaryOperator<BeanstalkConfig.Builder> change) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(BeanstalkConfig.builder()).build());

        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void url_gives_host_and_port() {
        BeanstalkConfig config = BeanstalkConfig.fromUrl("beanstalkd://queue.internal:11400");

        assertEquals("queue.internal", config.host());
        assertEquals(11400, config.port());
        assertEquals("queue.internal:11400", config.address());
    }

    @Test
    void url_without_port_uses_11300() {
        assertEquals(11300, BeanstalkConfig.fromUrl("beanstalkd://localhost").port());
        assertEquals(11300, BeanstalkConfig.fromUrl("BEANSTALKD://localhost/").port());
    }

    @Test
    void url_with_ipv6_address() {
        BeanstalkConfig config = BeanstalkConfig.fromUrl("beanstalkd://[::1]:11301");

        assertEquals("::1", config.host());
        assertEquals("[::1]:11301", config.address());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:11300", "localhost:11300", "beanstalkd:///tube",
            "beanstalkd://localhost:11300/tube", "beanstalkd://user@localhost", "beanstalkd://localhost?x=1",
            "beanstalkd://local host"})
    void url_other_than_beanstalkd_host_port_is_rejected(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BeanstalkConfig.fromUrl(url));

        assertTrue(e.getMessage().startsWith("url "), e.getMessage());
    }

    @Test
    void to_builder_round_trips() {
        BeanstalkConfig config = BeanstalkConfig.builder().host("h").port(2).commandTimeout(Duration.ZERO)
                .reconnectAttempts(9).maxJobSize(100).build();

        assertEquals(config, config.toBuilder().build());
    }
}
