package io.jobqueue.beanstalkd.client;

import java.util.Optional;

/**
 * The error words beanstalkd can send, and what the client does with each.
 *
 * <table>
 *   <caption>Outcome of each error word</caption>
 *   <tr><th>word</th><th>outcome</th></tr>
 *   <tr><td>OUT_OF_MEMORY, INTERNAL_ERROR, DRAINING, JOB_TOO_BIG</td>
 *       <td>{@link BeanstalkServerException} on any command; the connection stays usable</td></tr>
 *   <tr><td>BAD_FORMAT, UNKNOWN_COMMAND, EXPECTED_CRLF</td>
 *       <td>{@link BeanstalkServerException}; after a {@code put} the connection is also marked broken,
 *           because the server may read the job body as commands</td></tr>
 *   <tr><td>DEADLINE_SOON</td><td>{@link DeadlineSoonException} from {@code reserve} and
 *       {@code reserve-with-timeout}</td></tr>
 *   <tr><td>TIMED_OUT</td><td>{@code Optional.empty()} from {@code reserve-with-timeout};
 *       {@link BeanstalkServerException} elsewhere</td></tr>
 *   <tr><td>NOT_FOUND</td><td>{@code false}, {@code Optional.empty()} or {@link ReleaseResult#NOT_FOUND} from
 *       the commands that name a job or tube; {@link BeanstalkServerException} elsewhere</td></tr>
 *   <tr><td>NOT_IGNORED</td><td>{@link BeanstalkServerException} from {@code ignore} (the last watched tube
 *       cannot be ignored)</td></tr>
 * </table>
 *
 * {@code BURIED <id>} in reply to {@code put} is not an error: the job exists, buried because the server ran
 * out of memory; it is returned as a {@link PutResult} with {@code buried() == true}.
 */
public enum ServerError {
    OUT_OF_MEMORY("the server cannot allocate memory for the job; try again later"),
    INTERNAL_ERROR("the server hit an internal error"),
    BAD_FORMAT("the server could not parse the command line"),
    UNKNOWN_COMMAND("the server does not know this command"),
    EXPECTED_CRLF("the job body was not followed by CRLF"),
    JOB_TOO_BIG("the job body is larger than the server's max-job-size"),
    DRAINING("the server is in drain mode and accepts no new jobs"),
    DEADLINE_SOON("a job reserved by this connection is about to reach its TTR"),
    TIMED_OUT("no job became available before the timeout"),
    NOT_FOUND("no such job or tube, or it is not in the required state"),
    NOT_IGNORED("the only watched tube cannot be ignored");

    private final String description;

    ServerError(String description) {
        this.description = description;
    }

    /** The word as it appears on the wire, e.g. {@code "JOB_TOO_BIG"}. */
    public String word() {
        return name();
    }

    /** A short explanation for messages. */
    public String description() {
        return description;
    }

    /** The error for a reply word, or empty if the word is not an error word. */
    public static Optional<ServerError> fromWord(String word) {
        for (ServerError error : values()) {
            if (error.name().equals(word)) {
                return Optional.of(error);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether this error, in reply to a command that carried a job body, means the server did not read the
     * body as a body, so the connection can no longer be trusted.
     */
    boolean desynchronizesBody() {
        return this == BAD_FORMAT || this == UNKNOWN_COMMAND || this == EXPECTED_CRLF;
    }
}
