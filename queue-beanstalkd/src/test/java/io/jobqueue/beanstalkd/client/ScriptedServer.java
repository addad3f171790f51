package io.jobqueue.beanstalkd.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.net.SocketFactory;

/**
 * A socket factory handing out {@link ScriptedSocket}s in the order they were scripted, or refusing a
 * connection where a refusal was scripted. Connecting more often than scripted fails the test.
 */
public final class ScriptedServer extends SocketFactory {

    private final Deque<Object> script = new ArrayDeque<>();
    private final List<ScriptedSocket> opened = new ArrayList<>();

    /** The next connection replays these bytes (ISO-8859-1, so "\0" and "\u00ff" are single bytes). */
    public ScriptedSocket replies(String replies) {
        return replies(new ScriptedSocket(replies.getBytes(StandardCharsets.ISO_8859_1)));
    }

    ScriptedSocket replies(InputStream replies) {
        return replies(new ScriptedSocket(replies));
    }

    ScriptedSocket replies(ScriptedSocket socket) {
        script.add(socket);
        return socket;
    }

    /** The next connection attempt is refused. */
    void refuses() {
        script.add(new ConnectException("Connection refused (scripted)"));
    }

    List<ScriptedSocket> opened() {
        return opened;
    }

    /** Settings for this server: no stats round trip for max-job-size, a 10 s command timeout. */
    BeanstalkConfig.Builder configBuilder() {
        return BeanstalkConfig.builder().host("127.0.0.1").port(11300).socketFactory(this)
                .maxJobSize(BeanstalkConfig.DEFAULT_MAX_JOB_SIZE).commandTimeout(Duration.ofSeconds(10))
                .reconnectInitialDelay(Duration.ofMillis(100)).reconnectMaxDelay(Duration.ofSeconds(1));
    }

    public BeanstalkConfig config() {
        return configBuilder().build();
    }

    /** Scripts one connection with these replies and opens it. */
    BeanstalkConnection connect(String replies) {
        replies(replies);
        return BeanstalkConnection.open(config());
    }

    @Override
    public Socket createSocket() throws IOException {
        Object next = script.poll();
        if (next == null) {
            throw new AssertionError("the client opened a connection that the test did not script");
        }
        if (next instanceof IOException failure) {
            throw failure;
        }
        ScriptedSocket socket = (ScriptedSocket) next;
        opened.add(socket);
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        throw new UnsupportedOperationException();
    }
}
