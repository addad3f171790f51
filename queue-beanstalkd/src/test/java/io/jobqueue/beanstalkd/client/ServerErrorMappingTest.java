package io.jobqueue.beanstalkd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One table: each server error word, on the commands where it can arrive, and what the caller gets. */
class ServerErrorMappingTest {

    private static final byte[] BODY = "hello".getBytes(StandardCharsets.US_ASCII);
    private static final String USABLE = ", connection usable";
    private static final String BROKEN = ", connection broken";

    static Stream<Arguments> table() {
        return Stream.of(
                // errors any command can get
                row("OUT_OF_MEMORY", "put", c -> c.put(BODY), "throws BeanstalkServerException(OUT_OF_MEMORY)" + USABLE),
                row("INTERNAL_ERROR", "put", c -> c.put(BODY), "throws BeanstalkServerException(INTERNAL_ERROR)" + USABLE),
                row("DRAINING", "put", c -> c.put(BODY), "throws BeanstalkServerException(DRAINING)" + USABLE),
                row("JOB_TOO_BIG", "put", c -> c.put(BODY), "throws BeanstalkServerException(JOB_TOO_BIG)" + USABLE),
                row("BAD_FORMAT", "put", c -> c.put(BODY), "throws BeanstalkServerException(BAD_FORMAT)" + BROKEN),
                row("UNKNOWN_COMMAND", "put", c -> c.put(BODY),
                        "throws BeanstalkServerException(UNKNOWN_COMMAND)" + BROKEN),
                row("EXPECTED_CRLF", "put", c -> c.put(BODY), "throws BeanstalkServerException(EXPECTED_CRLF)" + BROKEN),
                row("OUT_OF_MEMORY", "delete", c -> c.delete(1),
                        "throws BeanstalkServerException(OUT_OF_MEMORY)" + USABLE),
                row("INTERNAL_ERROR", "stats", BeanstalkConnection::stats,
                        "throws BeanstalkServerException(INTERNAL_ERROR)" + USABLE),
                row("BAD_FORMAT", "use", c -> c.use("emails"), "throws BeanstalkServerException(BAD_FORMAT)" + USABLE),
                row("UNKNOWN_COMMAND", "reserve-job", c -> c.reserveJob(1),
                        "throws BeanstalkServerException(UNKNOWN_COMMAND)" + USABLE),
                row("DRAINING", "reserve", BeanstalkConnection::reserve,
                        "throws BeanstalkServerException(DRAINING)" + USABLE),
                // DEADLINE_SOON and TIMED_OUT
                row("DEADLINE_SOON", "reserve", BeanstalkConnection::reserve, "throws DeadlineSoonException" + USABLE),
                row("DEADLINE_SOON", "reserve-with-timeout", c -> c.reserveWithTimeout(5),
                        "throws DeadlineSoonException" + USABLE),
                row("TIMED_OUT", "reserve-with-timeout", c -> c.reserveWithTimeout(5), "returns Optional.empty" + USABLE),
                row("TIMED_OUT", "reserve", BeanstalkConnection::reserve,
                        "throws BeanstalkServerException(TIMED_OUT)" + USABLE),
                // NOT_FOUND
                row("NOT_FOUND", "delete", c -> c.delete(1), "returns false" + USABLE),
                row("NOT_FOUND", "release", c -> c.release(1, 0, 0), "returns NOT_FOUND" + USABLE),
                row("NOT_FOUND", "bury", c -> c.bury(1, 0), "returns false" + USABLE),
                row("NOT_FOUND", "touch", c -> c.touch(1), "returns false" + USABLE),
                row("NOT_FOUND", "kick-job", c -> c.kickJob(1), "returns false" + USABLE),
                row("NOT_FOUND", "reserve-job", c -> c.reserveJob(1), "returns Optional.empty" + USABLE),
                row("NOT_FOUND", "peek", c -> c.peek(1), "returns Optional.empty" + USABLE),
                row("NOT_FOUND", "peek-ready", BeanstalkConnection::peekReady, "returns Optional.empty" + USABLE),
                row("NOT_FOUND", "peek-delayed", BeanstalkConnection::peekDelayed, "returns Optional.empty" + USABLE),
                row("NOT_FOUND", "peek-buried", BeanstalkConnection::peekBuried, "returns Optional.empty" + USABLE),
                row("NOT_FOUND", "stats-job", c -> c.statsJob(1), "returns Optional.empty" + USABLE),
                row("NOT_FOUND", "stats-tube", c -> c.statsTube("t"), "returns Optional.empty" + USABLE),
                row("NOT_FOUND", "pause-tube", c -> c.pauseTube("t", 1), "returns false" + USABLE),
                row("NOT_FOUND", "put", c -> c.put(BODY), "throws BeanstalkServerException(NOT_FOUND)" + USABLE),
                // NOT_IGNORED
                row("NOT_IGNORED", "ignore", c -> c.ignore("default"),
                        "throws BeanstalkServerException(NOT_IGNORED)" + USABLE),
                // BURIED <id> on put is a created job, not an error
                row("BURIED 17", "put", c -> c.put(BODY), "returns PutResult[id=17, buried=true]" + USABLE));
    }

    private static Arguments row(String reply, String command, Function<BeanstalkConnection, Object> call,
                                 String outcome) {
        return arguments(reply, command, call, outcome);
    }

    @ParameterizedTest(name = "{0} in reply to {1} {3}")
    @MethodSource("table")
    void error_word_maps_to_its_outcome(String reply, String command, Function<BeanstalkConnection, Object> call,
                                        String outcome) {
        ScriptedServer server = new ScriptedServer();
        server.replies(reply + "\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        assertEquals(outcome, outcomeOf(connection, call));
    }

    @Test
    void table_covers_every_error_word() {
        Set<ServerError> covered = EnumSet.noneOf(ServerError.class);
        table().forEach(row -> ServerError.fromWord((String) row.get()[0]).ifPresent(covered::add));
        assertEquals(EnumSet.allOf(ServerError.class), covered);
    }

    @Test
    void server_exception_names_the_word_and_the_command() {
        ScriptedServer server = new ScriptedServer();
        server.replies("JOB_TOO_BIG\r\n");
        BeanstalkConnection connection = BeanstalkConnection.open(server.config());

        BeanstalkServerException e = org.junit.jupiter.api.Assertions.assertThrows(BeanstalkServerException.class,
                () -> connection.put(BODY));

        assertEquals(ServerError.JOB_TOO_BIG, e.error());
        assertEquals("put", e.command());
        assertTrue(e.getMessage().contains("JOB_TOO_BIG") && e.getMessage().contains("put"), e.getMessage());
    }

    @Test
    void error_word_lookup_knows_exactly_the_protocol_words() {
        assertEquals(List.of("OUT_OF_MEMORY", "INTERNAL_ERROR", "BAD_FORMAT", "UNKNOWN_COMMAND", "EXPECTED_CRLF",
                        "JOB_TOO_BIG", "DRAINING", "DEADLINE_SOON", "TIMED_OUT", "NOT_FOUND", "NOT_IGNORED"),
                Stream.of(ServerError.values()).map(ServerError::word).toList());
        assertTrue(ServerError.fromWord("INSERTED").isEmpty());
        assertTrue(ServerError.fromWord("not_found").isEmpty());
    }

    private static String outcomeOf(BeanstalkConnection connection, Function<BeanstalkConnection, Object> call) {
        String outcome;
        try {
            Object result = call.apply(connection);
            outcome = "returns " + (result instanceof java.util.Optional<?> o && o.isEmpty() ? "Optional.empty" : result);
        } catch (DeadlineSoonException e) {
            outcome = "throws DeadlineSoonException";
        } catch (BeanstalkServerException e) {
            outcome = "throws BeanstalkServerException(" + e.error() + ")";
        }
        return outcome + (connection.isUsable() ? USABLE : BROKEN);
    }
}
