package io.jobqueue.beanstalkd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad arguments are rejected before a byte is written, and the connection stays usable. */
class InputValidationTest {

    private static final byte[] BODY = "x".getBytes(StandardCharsets.US_ASCII);

    private final ScriptedServer server = new ScriptedServer();

    static Stream<Arguments> badTubeNames() {
        return Stream.of(
                arguments("injected command", "foo\r\nkick 100", "contains \"\\r\""),
                arguments("line feed", "foo\nbar", "contains \"\\n\""),
                arguments("space", "foo bar", "contains \" \""),
                arguments("NUL", "foo\0", "contains \"\\u0000\""),
                arguments("non-ASCII letter", "tübe", "contains \"\\u00fc\""),
                arguments("asterisk", "a*", "contains \"*\""),
                arguments("leading hyphen", "-foo", "must not start with '-'"),
                arguments("empty", "", "must not be empty"),
                arguments("null", null, "must not be null"),
                arguments("201 bytes", "a".repeat(201), "at most 200 bytes"));
    }

    static Stream<Arguments> tubeCommands() {
        return Stream.<Arguments>of(
                arguments("use", (BiFunction<BeanstalkConnection, String, Object>) BeanstalkConnection::use),
                arguments("watch", (BiFunction<BeanstalkConnection, String, Object>) BeanstalkConnection::watch),
                arguments("ignore", (BiFunction<BeanstalkConnection, String, Object>) BeanstalkConnection::ignore),
                arguments("stats-tube", (BiFunction<BeanstalkConnection, String, Object>) BeanstalkConnection::statsTube),
                arguments("pause-tube", (BiFunction<BeanstalkConnection, String, Object>) (c, t) -> c.pauseTube(t, 1)));
    }

    static Stream<Arguments> badTubeNameForEveryTubeCommand() {
        return tubeCommands().flatMap(command -> badTubeNames().map(name ->
                arguments(command.get()[0], name.get()[0], command.get()[1], name.get()[1], name.get()[2])));
    }

    @ParameterizedTest(name = "{0} with {1} tube name")
    @MethodSource("badTubeNameForEveryTubeCommand")
    void bad_tube_name_is_rejected_with_nothing_written(String command, String description,
                                                        BiFunction<BeanstalkConnection, String, Object> call,
                                                        String name, String messagePart) {
        ScriptedSocket socket = server.replies("DELETED\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        BeanstalkBadInputException e = assertThrows(BeanstalkBadInputException.class, () -> call.apply(connection, name));

        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        assertEquals("", socket.sent());
        assertTrue(connection.delete(1), "the connection is still usable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "default", "A-Z_0.9+/;$()", "(paren)", "x-", "$"})
    void tube_names_of_allowed_characters_are_sent(String name) {
        ScriptedSocket socket = server.replies("USING " + name + "\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        connection.use(name);

        assertEquals("use " + name + "\r\n", socket.sent());
    }

    @Test
    void tube_name_of_200_bytes_is_accepted() {
        String name = "n".repeat(200);
        ScriptedSocket socket = server.replies("WATCHING 2\r\n");

        BeanstalkConnection.open(server.config()).watch(name);

        assertEquals("watch " + name + "\r\n", socket.sent());
    }

    static Stream<Arguments> badNumbers() {
        long tooBig = 4294967296L;
        return Stream.of(
                row("put priority -1", c -> c.put(-1, 0, 60, BODY), "priority must be between 0 and 4294967295"),
                row("put priority 2^32", c -> c.put(tooBig, 0, 60, BODY), "priority must be between"),
                row("put delay -1", c -> c.put(0, -1, 60, BODY), "delaySeconds must be between"),
                row("put delay 2^32", c -> c.put(0, tooBig, 60, BODY), "delaySeconds must be between"),
                row("put ttr -1", c -> c.put(0, 0, -1, BODY), "ttrSeconds must be between"),
                row("put ttr 2^32", c -> c.put(0, 0, tooBig, BODY), "ttrSeconds must be between"),
                row("put null body", c -> c.put((byte[]) null), "body must not be null"),
                row("put null request", c -> c.put((PutRequest) null), "must not be null"),
                row("release priority 2^32", c -> c.release(1, tooBig, 0), "priority must be between"),
                row("release delay -1", c -> c.release(1, 0, -1), "delaySeconds must be between"),
                row("bury priority -1", c -> c.bury(1, -1), "priority must be between"),
                row("reserve timeout -1", c -> c.reserveWithTimeout(-1), "timeoutSeconds must be between"),
                row("reserve timeout 2^32", c -> c.reserveWithTimeout(tooBig), "timeoutSeconds must be between"),
                row("kick bound -1", c -> c.kick(-1), "kick bound must be between"),
                row("pause-tube delay -1", c -> c.pauseTube("t", -1), "delaySeconds must be between"),
                row("reserve-job id 0", c -> c.reserveJob(0), "job id must be positive"),
                row("delete id 0", c -> c.delete(0), "job id must be positive"),
                row("delete id -1", c -> c.delete(-1), "job id must be positive"),
                row("release id 0", c -> c.release(0, 0, 0), "job id must be positive"),
                row("bury id 0", c -> c.bury(0, 0), "job id must be positive"),
                row("touch id 0", c -> c.touch(0), "job id must be positive"),
                row("peek id 0", c -> c.peek(0), "job id must be positive"),
                row("kick-job id 0", c -> c.kickJob(0), "job id must be positive"),
                row("stats-job id -5", c -> c.statsJob(-5), "job id must be positive"),
                row("putAll null list", c -> c.putAll(null), "requests must not be null"),
                row("putAll with a null request", c -> c.putAll(Arrays.asList(PutRequest.of(BODY), null)),
                        "request #1: put request must not be null"));
    }

    private static Arguments row(String description, Function<BeanstalkConnection, Object> call, String messagePart) {
        return arguments(description, call, messagePart);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNumbers")
    void bad_number_is_rejected_with_nothing_written(String description, Function<BeanstalkConnection, Object> call,
                                                     String messagePart) {
        ScriptedSocket socket = server.replies("DELETED\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        BeanstalkBadInputException e = assertThrows(BeanstalkBadInputException.class, () -> call.apply(connection));

        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        assertEquals("", socket.sent());
        assertTrue(connection.delete(1), "the connection is still usable");
    }

    @Test
    void ttr_zero_is_sent_as_is_because_beanstalkd_raises_it_to_one() {
        ScriptedSocket socket = server.replies("INSERTED 1\r\n");

        BeanstalkConnection.open(server.config()).put(0, 0, 0, BODY);

        assertEquals("put 0 0 0 1\r\nx\r\n", socket.sent());
    }

    @Test
    void body_larger_than_configured_max_job_size_is_rejected_with_nothing_written() {
        ScriptedSocket socket = server.replies("INSERTED 1\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.configBuilder().maxJobSize(10).build());

        BeanstalkBadInputException e = assertThrows(BeanstalkBadInputException.class,
                () -> connection.put(new byte[11]));

        assertEquals("job body is 11 bytes, more than max-job-size (10 bytes)", e.getMessage());
        assertEquals("", socket.sent());
        assertEquals(new PutResult(1, false), connection.put(new byte[10]));
    }

    @Test
    void max_job_size_is_asked_from_the_server_once_before_the_first_put() {
        String yaml = "---\ncurrent-jobs-urgent: 0\nmax-job-size: 3\nversion: \"1.13\"\n";
        ScriptedSocket socket = server.replies("OK " + yaml.length() + "\r\n" + yaml + "\r\nINSERTED 1\r\nINSERTED 2\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(
                server.configBuilder().maxJobSize(BeanstalkConfig.MAX_JOB_SIZE_FROM_SERVER).build());

        connection.put("abc".getBytes(StandardCharsets.US_ASCII));
        assertThrows(BeanstalkBadInputException.class, () -> connection.put("abcd".getBytes(StandardCharsets.US_ASCII)));
        connection.put("ab".getBytes(StandardCharsets.US_ASCII));

        assertEquals("stats\r\nput 1024 0 60 3\r\nabc\r\nput 1024 0 60 2\r\nab\r\n", socket.sent());
        assertEquals(3, connection.maxJobSize());
    }

    @Test
    void server_without_max_job_size_in_stats_gets_the_default_limit() {
        String yaml = "---\nversion: 1.3\n";
        server.replies("OK " + yaml.length() + "\r\n" + yaml + "\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(
                server.configBuilder().maxJobSize(BeanstalkConfig.MAX_JOB_SIZE_FROM_SERVER).build());

        assertEquals(BeanstalkConfig.DEFAULT_MAX_JOB_SIZE, connection.maxJobSize());
    }

    @Test
    void put_all_with_one_oversize_body_writes_nothing() {
        ScriptedSocket socket = server.replies("INSERTED 1\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.configBuilder().maxJobSize(4).build());
        List<PutRequest> requests = List.of(PutRequest.of("ok"), PutRequest.of("too long"), PutRequest.of("ok"));

        BeanstalkBadInputException e = assertThrows(BeanstalkBadInputException.class, () -> connection.putAll(requests));

        assertTrue(e.getMessage().startsWith("request #1: job body is 8 bytes"), e.getMessage());
        assertEquals("", socket.sent());
    }

    @Test
    void bad_input_exception_is_an_illegal_argument_exception() {
        assertTrue(IllegalArgumentException.class.isAssignableFrom(BeanstalkBadInputException.class));
    }
}
