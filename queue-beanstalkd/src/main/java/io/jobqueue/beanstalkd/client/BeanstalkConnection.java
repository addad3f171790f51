package io.jobqueue.beanstalkd.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One TCP connection to beanstalkd, speaking the whole protocol ({@link BeanstalkCommands}).
 *
 * <p>Not thread-safe: use it from one thread at a time, or use {@link BeanstalkClient}, which serializes
 * commands and reconnects. The socket has TCP_NODELAY, buffered streams and the configured connect timeout.
 * Each command must complete its whole round trip (request written, reply line and any body read) within
 * {@link BeanstalkConfig#commandTimeout()}, however slowly the server drips its bytes; a
 * {@code reserve-with-timeout} gets its own wait plus that, a blocking {@code reserve} has no deadline. A
 * command past its deadline fails with a {@link BeanstalkTimeoutException} and breaks the connection.
 *
 * <p>After an I/O failure or a reply it cannot parse, the connection is closed and marked broken with that
 * first cause; every later command throws a {@link BeanstalkConnectionException} caused by it. A broken
 * connection is never reused: open a new one.
 */
public final class BeanstalkConnection implements BeanstalkCommands, AutoCloseable {

    /** Number of puts {@link #putAll(List)} writes before it reads their replies. */
    public static final int PUT_ALL_CHUNK_SIZE = 1000;
    /** Number of commands {@link #reserveReady}, {@link #statsJobs} and {@link #deleteAll} write before reading replies. */
    public static final int PIPELINE_CHUNK_SIZE = 1000;

    private final BeanstalkConfig config;
    private final ProtocolSession session;
    private int maxJobSize;

    private BeanstalkConnection(BeanstalkConfig config, Socket socket, LongSupplier nanoTime) throws IOException {
        this.config = config;
        this.session = new ProtocolSession(config, socket, nanoTime);
        this.maxJobSize = config.maxJobSize();
    }

    /**
     * Connects once, without retrying.
     *
     * @throws BeanstalkConnectionException if the connection cannot be made
     */
    public static BeanstalkConnection open(BeanstalkConfig config) {
        return open(config, config.connectTimeoutMillis(), System::nanoTime);
    }

    /** Connects once, waiting at most {@code connectTimeoutMillis}, timing commands with {@code nanoTime}. */
    static BeanstalkConnection open(BeanstalkConfig config, int connectTimeoutMillis, LongSupplier nanoTime) {
        Socket socket = null;
        try {
            socket = config.socketFactory().createSocket();
            socket.connect(new InetSocketAddress(config.host(), config.port()), connectTimeoutMillis);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(config.commandTimeoutMillis());
            return new BeanstalkConnection(config, socket, nanoTime);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new BeanstalkConnectionException(
                    "cannot connect to beanstalkd at " + config.address() + ": " + e, e);
        }
    }

    /** The settings this connection was opened with. */
    public BeanstalkConfig config() {
        return config;
    }

    /** False once the connection is closed or broken. */
    public boolean isUsable() {
        return session.isUsable();
    }

    /** The first failure that broke the connection, if any. */
    public Optional<Throwable> brokenCause() {
        return session.brokenCause();
    }

    /** Caps the deadline of every later command at {@code callDeadline} (null: none); see BeanstalkClient.within. */
    void callDeadline(CallDeadline callDeadline) {
        session.callDeadline(callDeadline);
    }

    /**
     * The largest body this connection sends: the configured {@code maxJobSize}, or else the server's
     * {@code max-job-size} from {@code stats} (asked once), or else {@link BeanstalkConfig#DEFAULT_MAX_JOB_SIZE}.
     */
    public int maxJobSize() {
        if (maxJobSize == BeanstalkConfig.MAX_JOB_SIZE_FROM_SERVER) {
            String reported = statsFields().get("max-job-size");
            long size = BeanstalkConfig.DEFAULT_MAX_JOB_SIZE;
            if (reported != null) {
                try {
                    size = Long.parseLong(reported);
                } catch (NumberFormatException e) {
                    throw session.markBroken(new BeanstalkProtocolException(
                            "stats field 'max-job-size' is not an integer: " + Check.printable(reported)));
                }
            }
            maxJobSize = size <= 0 ? BeanstalkConfig.DEFAULT_MAX_JOB_SIZE
                    : (int) Math.min(size, ProtocolReader.MAX_CHUNK_LENGTH);
        }
        return maxJobSize;
    }

    @Override
    public PutResult put(PutRequest request) {
        checkBody(request, -1);
        return session.execute("put", () -> {
            session.writer().put(request);
            session.writer().flush();
            return PutReplies.result(session, session.reader().readReply());
        });
    }

    @Override
    public List<PutResult> putAll(List<PutRequest> requests) {
        if (requests == null) {
            throw new BeanstalkBadInputException("requests must not be null");
        }
        for (int i = 0; i < requests.size(); i++) {
            checkBody(requests.get(i), i);
        }
        if (requests.isEmpty()) {
            return List.of();
        }
        List<PutRequest> copy = List.copyOf(requests);
        return session.execute("put", () -> PutReplies.pipelined(session, copy, PUT_ALL_CHUNK_SIZE));
    }

    @Override
    public String use(String tube) {
        Check.tube(tube);
        return session.exchange("use " + tube, reply -> {
            if (reply.is("USING", 1)) {
                if (!reply.text(0).equals(tube)) {
                    throw new BeanstalkProtocolException(
                            "use " + tube + " was answered with " + Check.printable(reply.line()));
                }
                return tube;
            }
            throw session.unexpected("use", reply, false);
        });
    }

    @Override
    public BeanstalkJob reserve() {
        return session.executeUnbounded("reserve", () -> {
            session.writer().line("reserve");
            session.writer().flush();
            Reply reply = session.reader().readReply();
            if (reply.is("RESERVED", 2)) {
                return session.readJob(reply, 0);
            }
            throw session.unexpected("reserve", reply, false);
        });
    }

    @Override
    public Optional<BeanstalkJob> reserveWithTimeout(long timeoutSeconds) {
        Check.uint32("timeoutSeconds", timeoutSeconds);
        return session.executeWaiting("reserve-with-timeout", timeoutSeconds, () -> {
            session.writer().line("reserve-with-timeout " + timeoutSeconds);
            session.writer().flush();
            Reply reply = session.reader().readReply();
            if (reply.is("RESERVED", 2)) {
                return Optional.of(session.readJob(reply, 0));
            }
            if (reply.is("TIMED_OUT", 0)) {
                return Optional.empty();
            }
            throw session.unexpected("reserve-with-timeout", reply, false);
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code TIMED_OUT} and {@code DEADLINE_SOON} end the batch after the chunk in which they came; any other
     * reply than those and {@code RESERVED} breaks the connection (the server then releases what it reserved).
     */
    @Override
    public List<BeanstalkJob> reserveReady(int max) {
        if (max < 0) {
            throw new BeanstalkBadInputException("max must not be negative, was " + max);
        }
        if (max == 0) {
            return List.of();
        }
        BeanstalkJob none = new BeanstalkJob(1, new byte[0]);
        return session.execute("reserve-with-timeout", () -> Pipelined.run(session, max, PIPELINE_CHUNK_SIZE,
                i -> "reserve-with-timeout 0", (reply, i) -> {
                    if (reply.is("RESERVED", 2)) {
                        return session.readJob(reply, 0);
                    }
                    if (reply.is("TIMED_OUT", 0) || reply.is("DEADLINE_SOON", 0)) {
                        return none;
                    }
                    throw Pipelined.unexpected(session, "reserve-with-timeout", reply);
                }, none));
    }

    @Override
    public Optional<BeanstalkJob> reserveJob(long id) {
        Check.jobId(id);
        return session.job("reserve-job " + id, "RESERVED", id);
    }

    @Override
    public boolean delete(long id) {
        Check.jobId(id);
        return foundOrNot("delete " + id, "DELETED");
    }

    /** {@inheritDoc} Any other reply than {@code DELETED} and {@code NOT_FOUND} breaks the connection. */
    @Override
    public List<Boolean> deleteAll(List<Long> ids) {
        List<Long> copy = checkedIds(ids);
        if (copy.isEmpty()) {
            return List.of();
        }
        return session.execute("delete", () -> Pipelined.run(session, copy.size(), PIPELINE_CHUNK_SIZE,
                i -> "delete " + copy.get(i), (reply, i) -> {
                    if (reply.is("DELETED", 0)) {
                        return Boolean.TRUE;
                    }
                    if (reply.is("NOT_FOUND", 0)) {
                        return Boolean.FALSE;
                    }
                    throw Pipelined.unexpected(session, "delete", reply);
                }, null));
    }

    @Override
    public ReleaseResult release(long id, long priority, long delaySeconds) {
        Check.jobId(id);
        Check.uint32("priority", priority);
        Check.uint32("delaySeconds", delaySeconds);
        return session.exchange("release " + id + " " + priority + " " + delaySeconds, reply -> {
            if (reply.is("RELEASED", 0)) {
                return ReleaseResult.RELEASED;
            }
            if (reply.is("BURIED", 0)) {
                return ReleaseResult.BURIED;
            }
            if (reply.is("NOT_FOUND", 0)) {
                return ReleaseResult.NOT_FOUND;
            }
            throw session.unexpected("release", reply, false);
        });
    }

    @Override
    public boolean bury(long id, long priority) {
        Check.jobId(id);
        Check.uint32("priority", priority);
        return foundOrNot("bury " + id + " " + priority, "BURIED");
    }

    @Override
    public boolean touch(long id) {
        Check.jobId(id);
        return foundOrNot("touch " + id, "TOUCHED");
    }

    @Override
    public int watch(String tube) {
        Check.tube(tube);
        return watching("watch " + tube);
    }

    @Override
    public int ignore(String tube) {
        Check.tube(tube);
        return watching("ignore " + tube);
    }

    private int watching(String line) {
        return session.exchange(line, reply -> {
            if (reply.is("WATCHING", 1)) {
                long count = reply.number(0);
                if (count > Integer.MAX_VALUE) {
                    throw new BeanstalkProtocolException("implausible reply: " + reply.line());
                }
                return (int) count;
            }
            throw session.unexpected(ProtocolSession.commandName(line), reply, false);
        });
    }

    @Override
    public Optional<BeanstalkJob> peek(long id) {
        Check.jobId(id);
        return session.job("peek " + id, "FOUND", id);
    }

    @Override
    public Optional<BeanstalkJob> peekReady() {
        return session.job("peek-ready", "FOUND", 0);
    }

    @Override
    public Optional<BeanstalkJob> peekDelayed() {
        return session.job("peek-delayed", "FOUND", 0);
    }

    @Override
    public Optional<BeanstalkJob> peekBuried() {
        return session.job("peek-buried", "FOUND", 0);
    }

    @Override
    public long kick(long bound) {
        Check.uint32("kick bound", bound);
        return session.exchange("kick " + bound, reply -> {
            if (reply.is("KICKED", 1)) {
                return reply.number(0);
            }
            throw session.unexpected("kick", reply, false);
        });
    }

    @Override
    public boolean kickJob(long id) {
        Check.jobId(id);
        return foundOrNot("kick-job " + id, "KICKED");
    }

    @Override
    public Optional<JobStats> statsJob(long id) {
        Check.jobId(id);
        return session.data("stats-job " + id, true)
                .map(yaml -> session.parsed(() -> YamlReply.jobStats(yaml)));
    }

    /** {@inheritDoc} Any other reply than {@code OK} and {@code NOT_FOUND} breaks the connection. */
    @Override
    public List<Optional<JobStats>> statsJobs(List<Long> ids) {
        List<Long> copy = checkedIds(ids);
        if (copy.isEmpty()) {
            return List.of();
        }
        return session.execute("stats-job", () -> Pipelined.run(session, copy.size(), PIPELINE_CHUNK_SIZE,
                i -> "stats-job " + copy.get(i), (reply, i) -> {
                    if (reply.is("OK", 1)) {
                        byte[] yaml = session.reader().readChunk(reply.length(0));
                        return Optional.of(session.parsed(() -> YamlReply.jobStats(yaml)));
                    }
                    if (reply.is("NOT_FOUND", 0)) {
                        return Optional.<JobStats>empty();
                    }
                    throw Pipelined.unexpected(session, "stats-job", reply);
                }, null));
    }

    @Override
    public Optional<TubeStats> statsTube(String tube) {
        Check.tube(tube);
        return session.data("stats-tube " + tube, true)
                .map(yaml -> session.parsed(() -> YamlReply.tubeStats(YamlReply.dictionary(yaml))));
    }

    @Override
    public ServerStats stats() {
        Map<String, String> fields = statsFields();
        return session.parsed(() -> YamlReply.serverStats(fields));
    }

    private Map<String, String> statsFields() {
        byte[] yaml = session.data("stats", false).orElseThrow();
        return session.parsed(() -> YamlReply.dictionary(yaml));
    }

    @Override
    public List<String> listTubes() {
        byte[] yaml = session.data("list-tubes", false).orElseThrow();
        return session.parsed(() -> YamlReply.list(yaml));
    }

    @Override
    public String listTubeUsed() {
        return session.exchange("list-tube-used", reply -> {
            if (reply.is("USING", 1)) {
                return reply.text(0);
            }
            throw session.unexpected("list-tube-used", reply, false);
        });
    }

    @Override
    public List<String> listTubesWatched() {
        byte[] yaml = session.data("list-tubes-watched", false).orElseThrow();
        return session.parsed(() -> YamlReply.list(yaml));
    }

    @Override
    public boolean pauseTube(String tube, long delaySeconds) {
        Check.tube(tube);
        Check.uint32("delaySeconds", delaySeconds);
        return foundOrNot("pause-tube " + tube + " " + delaySeconds, "PAUSED");
    }

    /** Sends {@code quit} if the connection is usable, then closes it. Never throws. */
    @Override
    public void quit() {
        session.quit();
    }

    /**
     * Closes the socket without a round trip. May be called from any thread: a thread blocked in
     * {@code reserve} then gets a {@link BeanstalkConnectionException}.
     */
    @Override
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        String state = session.isUsable() ? "" : session.isClosed() ? ", closed" : ", broken";
        return "BeanstalkConnection[" + config.address() + state + "]";
    }

    private void checkBody(PutRequest request, int index) {
        String which = index < 0 ? "" : "request #" + index + ": ";
        if (request == null) {
            throw new BeanstalkBadInputException(which + "put request must not be null");
        }
        int limit = maxJobSize();
        if (request.bodyLength() > limit) {
            throw new BeanstalkBadInputException(which + "job body is " + request.bodyLength()
                    + " bytes, more than max-job-size (" + limit + " bytes)");
        }
    }

    private static List<Long> checkedIds(List<Long> ids) {
        if (ids == null) {
            throw new BeanstalkBadInputException("ids must not be null");
        }
        for (Long id : ids) {
            if (id == null) {
                throw new BeanstalkBadInputException("ids must not contain null");
            }
            Check.jobId(id);
        }
        return List.copyOf(ids);
    }

    private boolean foundOrNot(String line, String successWord) {
        return session.exchange(line, reply -> {
            if (reply.is(successWord, 0)) {
                return true;
            }
            if (reply.is("NOT_FOUND", 0)) {
                return false;
            }
            throw session.unexpected(ProtocolSession.commandName(line), reply, false);
        });
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }
}
