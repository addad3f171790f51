package io.jobqueue.beanstalkd.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The wire under a {@link BeanstalkConnection}: socket, buffered reader and writer, the deadline of the command
 * in progress, and the broken state. Every exchange runs through {@link #execute}, which turns I/O failures
 * into {@link BeanstalkConnectionException}s and marks the session broken on anything but a server error reply.
 *
 * <p><b>Deadlines.</b> A command gets {@link BeanstalkConfig#commandTimeout()} for its whole round trip, not per
 * socket read: before each read from the socket, SO_TIMEOUT is set to the time left, and a read that finds none
 * left fails. A write cannot time out in the JDK, so an alarm ({@link Alarms}) closes the socket if the command
 * is still running at its deadline. Either way the command fails with a {@link BeanstalkTimeoutException} and
 * the session is broken: the reply may still arrive, and the stream is out of step.
 */
final class ProtocolSession {

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final String SETTING = "BeanstalkConfig.commandTimeout";

    @FunctionalInterface
    interface Exchange<T> {
        T run() throws IOException;
    }

    private final String address;
    private final long commandTimeoutMillis;
    private final Socket socket;
    private final LongSupplier nanoTime;
    private final ProtocolReader reader;
    private final ProtocolWriter writer;
    private int socketTimeout;
    private volatile Throwable brokenBy;
    private volatile boolean closed;

    // The command in progress; only the thread running it reads or writes these (the alarm reads deadline).
    private String command;
    /** The command's own budget (0 = none) and where it comes from, for messages. */
    private long budgetMillis;
    private String budgetSource;
    private boolean hasDeadline;
    /** True if the call deadline, not the command's own, is the one that applies. */
    private boolean capApplies;
    private volatile long deadline;
    /** A deadline over several commands, from {@link BeanstalkClient#within}; null if none. */
    private CallDeadline callDeadline;

    private final Object alarmLock = new Object();
    private ScheduledFuture<?> alarm; // guarded by alarmLock
    private volatile boolean expired;

    ProtocolSession(BeanstalkConfig config, Socket socket, LongSupplier nanoTime) throws IOException {
        this.address = config.address();
        this.commandTimeoutMillis = config.commandTimeoutMillis();
        this.socket = socket;
        this.nanoTime = nanoTime;
        this.reader = new ProtocolReader(new BufferedInputStream(new DeadlineInput(socket.getInputStream()),
                BUFFER_SIZE));
        this.writer = new ProtocolWriter(new BufferedOutputStream(socket.getOutputStream(), BUFFER_SIZE));
        this.socketTimeout = socket.getSoTimeout();
    }

    ProtocolReader reader() {
        return reader;
    }

    ProtocolWriter writer() {
        return writer;
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

    /** Caps the deadline of every later command at {@code callDeadline} (null: no cap). */
    void callDeadline(CallDeadline callDeadline) {
        this.callDeadline = callDeadline;
    }

    /** Runs one exchange within {@link BeanstalkConfig#commandTimeout()}. */
    <T> T execute(String command, Exchange<T> exchange) {
        return run(command, commandTimeoutMillis, SETTING, exchange);
    }

    /**
     * Runs one exchange that the server may hold for {@code waitSeconds} before it answers
     * ({@code reserve-with-timeout}): its deadline is that wait plus {@link BeanstalkConfig#commandTimeout()}.
     */
    <T> T executeWaiting(String command, long waitSeconds, Exchange<T> exchange) {
        if (commandTimeoutMillis == 0) {
            return run(command, 0, SETTING, exchange);
        }
        long budget = Math.min(Long.MAX_VALUE / 2_000_000,
                commandTimeoutMillis + TimeUnit.SECONDS.toMillis(waitSeconds));
        return run(command, budget, "its " + waitSeconds + " s wait plus " + SETTING, exchange);
    }

    /** Runs one exchange with no deadline: a blocking {@code reserve}, which waits as long as it takes. */
    <T> T executeUnbounded(String command, Exchange<T> exchange) {
        return run(command, 0, "no deadline", exchange);
    }

    /**
     * Runs one exchange with {@code budgetMillis} for its round trip (0 = none, unless a call deadline caps
     * it). If {@link #close()} is called meanwhile (from another thread), the exchange fails with a
     * {@link BeanstalkConnectionException} whatever it read: the server may have answered the half-closed
     * socket, and any job it handed out is released when the connection goes.
     */
    private <T> T run(String command, long budgetMillis, String budgetSource, Exchange<T> exchange) {
        ensureUsable();
        this.command = command;
        this.budgetMillis = budgetMillis;
        this.budgetSource = budgetSource;
        this.expired = false;
        startDeadline();
        if (hasDeadline && deadline - nanoTime.getAsLong() <= 0) {
            // Only a call deadline can be past already; nothing was sent, but the contract of a connection
            // exception is a closed connection, so keep it simple and close it too.
            throw markBroken(timedOut(null, " before it was sent"));
        }
        T result;
        try {
            arm();
            result = exchange.run();
        } catch (SocketTimeoutException e) {
            throw markBroken(timedOut(e, ""));
        } catch (IOException e) {
            if (expired) {
                throw markBroken(timedOut(e, ""));
            }
            throw markBroken(closed ? closedDuring(command, e)
                    : new BeanstalkConnectionException(command + " failed on " + address + ": " + e, e));
        } catch (BeanstalkServerException e) {
            if (expired) {
                throw markBroken(timedOut(e, ""));
            }
            if (closed) {
                throw closedDuring(command, e);
            }
            throw e;
        } catch (RuntimeException e) {
            throw markBroken(expired ? timedOut(e, "") : e);
        } finally {
            disarm();
        }
        if (expired) {
            throw markBroken(timedOut(null, ""));
        }
        if (closed) {
            throw closedDuring(command, null);
        }
        return result;
    }

    /**
     * Starts the deadline of the running command afresh: a pipelined batch calls it before each chunk, so each
     * chunk (not the whole batch) gets the command's budget. A call deadline still caps it.
     */
    void restartDeadline() {
        startDeadline();
    }

    private void startDeadline() {
        capApplies = false;
        long now = nanoTime.getAsLong();
        hasDeadline = budgetMillis > 0;
        long end = now + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
        CallDeadline cap = callDeadline;
        if (cap != null && (!hasDeadline || cap.nanos() - end < 0)) {
            hasDeadline = true;
            end = cap.nanos();
            capApplies = true;
        }
        deadline = end;
    }

    private BeanstalkTimeoutException timedOut(Throwable cause, String when) {
        CallDeadline cap = callDeadline;
        boolean call = capApplies && cap != null;
        String within = call ? cap.describe() : budgetMillis + " ms (" + budgetSource + ")";
        String message = command + " on " + address + " timed out" + when
                + ": the round trip did not complete within " + within
                + "; the connection is closed and will not be reused";
        Duration budget = Duration.ofMillis(call ? cap.budgetMillis() : budgetMillis);
        BeanstalkTimeoutException e = new BeanstalkTimeoutException(command, budget, message);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private void arm() {
        if (!hasDeadline) {
            return;
        }
        synchronized (alarmLock) {
            alarm = Alarms.after(Math.max(0, deadline - nanoTime.getAsLong()), this::onAlarm);
        }
    }

    /** On the alarm thread: closes the socket if the command still runs past its (possibly restarted) deadline. */
    private void onAlarm() {
        synchronized (alarmLock) {
            if (alarm == null) {
                return; // the command finished meanwhile
            }
            long left = deadline - nanoTime.getAsLong();
            if (left > 0) {
                alarm = Alarms.after(left, this::onAlarm);
                return;
            }
            alarm = null;
            expired = true;
        }
        closeSocket();
    }

    private void disarm() {
        synchronized (alarmLock) {
            if (alarm != null) {
                alarm.cancel(false);
                alarm = null;
            }
        }
    }

    /** Before each read from the socket (not from the buffer): SO_TIMEOUT becomes the time left. */
    private void beforeSocketRead() throws IOException {
        if (!hasDeadline) {
            setSocketTimeout(0);
            return;
        }
        long left = deadline - nanoTime.getAsLong();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        setSocketTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, (left + 999_999) / 1_000_000)));
    }

    private void setSocketTimeout(int millis) throws IOException {
        if (socketTimeout != millis) {
            socket.setSoTimeout(millis);
            socketTimeout = millis;
        }
    }

    /** The socket's input, with the deadline applied to every read that reaches the socket. */
    private final class DeadlineInput extends FilterInputStream {
        DeadlineInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            beforeSocketRead();
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            beforeSocketRead();
            return in.read(buffer, offset, length);
        }
    }

    private BeanstalkConnectionException closedDuring(String command, Throwable cause) {
        return new BeanstalkConnectionException(
                "connection to " + address + " was closed while " + command + " was in progress", cause);
    }

    /** Sends a one-line command and interprets its one-line reply, inside {@link #execute}. */
    <T> T exchange(String line, Function<Reply, T> interpret) {
        return execute(commandName(line), () -> {
            writer.line(line);
            writer.flush();
            return interpret.apply(reader.readReply());
        });
    }

    /** Sends a command answered by {@code OK <bytes>}; returns the data, or empty on an allowed NOT_FOUND. */
    Optional<byte[]> data(String line, boolean notFoundAllowed) {
        String command = commandName(line);
        return execute(command, () -> {
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
        return execute(command, () -> {
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
