package io.jobqueue.beanstalkd.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The wire under a {@link BeanstalkConnection}: socket, buffered reader and writer, read timeout, and the
 * broken state. Every exchange runs through {@link #execute}, which turns I/O failures into
 * {@link BeanstalkConnectionException}s and marks the session broken on anything but a server error reply.
 */
final class ProtocolSession {

    private static final int BUFFER_SIZE = 64 * 1024;

    @FunctionalInterface
    interface Exchange<T> {
        T run() throws IOException;
    }

    private final String address;
    private final int readTimeoutMillis;
    private final Socket socket;
    private final ProtocolReader reader;
    private final ProtocolWriter writer;
    private int socketTimeout;
    private volatile Throwable brokenBy;
    private volatile boolean closed;

    ProtocolSession(BeanstalkConfig config, Socket socket) throws IOException {
        this.address = config.address();
        this.readTimeoutMillis = config.readTimeoutMillis();
        this.socket = socket;
        this.reader = new ProtocolReader(new BufferedInputStream(socket.getInputStream(), BUFFER_SIZE));
        this.writer = new ProtocolWriter(new BufferedOutputStream(socket.getOutputStream(), BUFFER_SIZE));
        this.socketTimeout = readTimeoutMillis;
    }

    ProtocolReader reader() {
        return reader;
    }

    ProtocolWriter writer() {
        return writer;
    }

    int readTimeoutMillis() {
        return readTimeoutMillis;
    }

    boolean isUsable() {
        return brokenBy == null && !closed;
    }

    boolean isClosed() {
        return closed;
    }

    Optional<Throwable> brokenCause() {
        return Optional.ofNullable(brokenBy);
    }

    /**
     * Runs one exchange with the given socket read timeout (0 = wait forever). If {@link #close()} is called
     * meanwhile (from another thread), the exchange fails with a {@link BeanstalkConnectionException}
     * whatever it read: the server may have answered the half-closed socket, and any job it handed out is
     * released when the connection goes.
     */
    <T> T execute(String command, int timeoutMillis, Exchange<T> exchange) {
        ensureUsable();
        T result;
        try {
            if (socketTimeout != timeoutMillis) {
                socket.setSoTimeout(timeoutMillis);
                socketTimeout = timeoutMillis;
            }
            result = exchange.run();
        } catch (SocketTimeoutException e) {
            throw markBroken(new BeanstalkConnectionException(
                    "no reply to " + command + " from " + address + " within " + socketTimeout + " ms", e));
        } catch (IOException e) {
            throw markBroken(closed ? closedDuring(command, e)
                    : new BeanstalkConnectionException(command + " failed on " + address + ": " + e, e));
        } catch (BeanstalkServerException e) {
            if (closed) {
                throw closedDuring(command, e);
            }
            throw e;
        } catch (RuntimeException e) {
            throw markBroken(e);
        }
        if (closed) {
            throw closedDuring(command, null);
        }
        return result;
    }

    private BeanstalkConnectionException closedDuring(String command, Throwable cause) {
        return new BeanstalkConnectionException(
                "connection to " + address + " was closed while " + command + " was in progress", cause);
    }

    /** Sends a one-line command and interprets its one-line reply, inside {@link #execute}. */
    <T> T exchange(String line, Function<Reply, T> interpret) {
        return execute(commandName(line), readTimeoutMillis, () -> {
            writer.line(line);
            writer.flush();
            return interpret.apply(reader.readReply());
        });
    }

    /** Sends a command answered by {@code OK <bytes>}; returns the data, or empty on an allowed NOT_FOUND. */
    Optional<byte[]> data(String line, boolean notFoundAllowed) {
        String command = commandName(line);
        return execute(command, readTimeoutMillis, () -> {
            writer.line(line);
            writer.flush();
            Reply reply = reader.readReply();
            if (reply.is("OK", 1)) {
                return Optional.of(reader.readChunk(reply.length(0)));
            }
            if (notFoundAllowed && reply.is("NOT_FOUND", 0)) {
                return Optional.empty();
            }
            throw unexpected(command, reply, false);
        });
    }

    /**
     * Sends a command answered by {@code <successWord> <id> <bytes>} and a body, or {@code NOT_FOUND}.
     * A non-zero {@code expectedId} must match the id in the reply.
     */
    Optional<BeanstalkJob> job(String line, String successWord, long expectedId) {
        String command = commandName(line);
        return execute(command, readTimeoutMillis, () -> {
            writer.line(line);
            writer.flush();
            Reply reply = reader.readReply();
            if (reply.is(successWord, 2)) {
                return Optional.of(readJob(reply, expectedId));
            }
            if (reply.is("NOT_FOUND", 0)) {
                return Optional.empty();
            }
            throw unexpected(command, reply, false);
        });
    }

    /** Reads the body announced by a {@code RESERVED} or {@code FOUND} line. */
    BeanstalkJob readJob(Reply reply, long expectedId) throws IOException {
        long id = reply.id(0);
        int length = reply.length(1);
        if (expectedId != 0 && id != expectedId) {
            throw new BeanstalkProtocolException("asked for job " + expectedId + ", got " + reply.line());
        }
        return new BeanstalkJob(id, reader.readChunk(length));
    }

    /** Runs a parser over a reply that was read completely; a parse failure still breaks the session. */
    <T> T parsed(Supplier<T> parser) {
        try {
            return parser.get();
        } catch (BeanstalkProtocolException e) {
            throw markBroken(e);
        }
    }

    /**
     * The exception for a reply the command does not expect: a {@link BeanstalkServerException} for an
     * error word (breaking the session only if the server may have misread a job body), else a
     * {@link BeanstalkProtocolException} (always breaking it).
     */
    RuntimeException unexpected(String command, Reply reply, boolean carriedBody) {
        Optional<ServerError> error = reply.args().isEmpty() ? ServerError.fromWord(reply.word()) : Optional.empty();
        if (error.isEmpty()) {
            return markBroken(new BeanstalkProtocolException(
                    "unexpected reply to " + command + ": " + Check.printable(reply.line())));
        }
        BeanstalkServerException exception = error.get() == ServerError.DEADLINE_SOON
                ? new DeadlineSoonException(command)
                : new BeanstalkServerException(error.get(), command);
        if (carriedBody && error.get().desynchronizesBody()) {
            markBroken(exception);
        }
        return exception;
    }

    <E extends RuntimeException> E markBroken(E cause) {
        if (brokenBy == null) {
            brokenBy = cause;
        }
        closeSocket();
        return cause;
    }

    /** Sends {@code quit} if usable, then closes. Never throws. */
    void quit() {
        if (isUsable()) {
            try {
                writer.line("quit");
                writer.flush();
            } catch (IOException e) {
                // the connection is being closed anyway
            }
        }
        close();
    }

    void close() {
        closed = true;
        closeSocket();
    }

    private void ensureUsable() {
        Throwable cause = brokenBy;
        if (cause != null) {
            throw new BeanstalkConnectionException("connection to " + address
                    + " is broken since an earlier failure: " + cause.getMessage(), cause);
        }
        if (closed) {
            throw new BeanstalkConnectionException("connection to " + address + " is closed");
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    static String commandName(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? line : line.substring(0, space);
    }
}
