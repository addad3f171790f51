package io.jobqueue.beanstalkd.client;

import java.util.Objects;

/**
 * beanstalkd answered a command with an error word, carried as {@link #error()}.
 *
 * <p>Error words that are part of a command's normal flow are not thrown: {@code NOT_FOUND} becomes
 * {@code false} or {@code Optional.empty()}, {@code TIMED_OUT} from {@code reserve-with-timeout} becomes
 * {@code Optional.empty()}. See {@link ServerError} for the full mapping.
 *
 * <p>The connection stays usable after this exception, except when the server rejected the framing of a
 * {@code put} ({@code BAD_FORMAT}, {@code UNKNOWN_COMMAND}, {@code EXPECTED_CRLF}): the server may then read
 * the job body as commands, so the connection is marked broken.
 */
public class BeanstalkServerException extends BeanstalkException {

    private final ServerError error;
    private final String command;

    public BeanstalkServerException(ServerError error, String command) {
        super("beanstalkd replied " + error.word() + " to " + command + ": " + error.description());
        this.error = Objects.requireNonNull(error, "error");
        this.command = command;
    }

    protected BeanstalkServerException(ServerError error, String command, String message) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
        this.command = command;
    }

    /** The error word the server sent. */
    public ServerError error() {
        return error;
    }

    /** The protocol command that got the error, e.g. {@code "put"}. */
    public String command() {
        return command;
    }
}
