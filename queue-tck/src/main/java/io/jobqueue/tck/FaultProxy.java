package io.jobqueue.tck;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a real server that a test can turn into a faulty one without touching the server
 * (which other tests share):
 *
 * <ul>
 *   <li>{@link #freeze()}: nothing is relayed any more, in either direction, and new connections are accepted
 *       but not answered: a server that was stopped (SIGSTOP) or cut off by a network partition;</li>
 *   <li>{@link #down()}: every connection is closed and new ones are refused: a server that is not running;</li>
 *   <li>{@link #restore()}: back to relaying; bytes held while frozen go on.</li>
 * </ul>
 */
public final class FaultProxy implements AutoCloseable {
    private enum Mode { FORWARD, FROZEN, DOWN }

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private Mode mode = Mode.FORWARD;
    private ServerSocket listener;
    private boolean closed;

    public FaultProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        startAccepting(listener);
    }

    /** The port clients connect to (on 127.0.0.1); it stays the same through {@link #down()}. */
    public int port() {
        return port;
    }

    /** Stops relaying; connections stay open and silent, new ones are accepted and left unanswered. */
    public void freeze() {
        setMode(Mode.FROZEN);
    }

    /** Closes every connection and refuses new ones until {@link #restore()}. */
    public void down() {
        synchronized (lock) {
            mode = Mode.DOWN;
            closeQuietly(listener);
            dropConnections();
            lock.notifyAll();
        }
    }

    /** Relays again, listening again if the proxy was down. */
    public void restore() {
        synchronized (lock) {
            if (mode == Mode.DOWN && !closed) {
                listener = listen(port);
                startAccepting(listener);
            }
            mode = Mode.FORWARD;
            lock.notifyAll();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            mode = Mode.FORWARD;
            closeQuietly(listener);
            dropConnections();
            lock.notifyAll();
        }
    }

    private void setMode(Mode next) {
        synchronized (lock) {
            mode = next;
            lock.notifyAll();
        }
    }

    /** Blocks while frozen; false once the proxy is down or closed, so the caller drops its connection. */
    private boolean awaitRelaying() throws InterruptedException {
        synchronized (lock) {
            while (mode == Mode.FROZEN && !closed) {
                lock.wait();
            }
            return mode == Mode.FORWARD && !closed;
        }
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException("fault proxy: cannot listen on port " + port, e);
        }
    }

    private void startAccepting(ServerSocket socket) {
        daemon("fault-proxy-accept-" + port, () -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    sockets.add(client);
                    daemon("fault-proxy-connect", () -> connect(client));
                } catch (IOException e) {
                    return; // the listener closed
                }
            }
        });
    }

    private void connect(Socket client) {
        try {
            if (!awaitRelaying()) {
                closeQuietly(client);
                return;
            }
            Socket upstream = new Socket(targetHost, targetPort);
            sockets.add(upstream);
            daemon("fault-proxy-pump", () -> pump(client, upstream));
            daemon("fault-proxy-pump", () -> pump(upstream, client));
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!awaitRelaying()) {
                    return;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side closed, or the proxy went down
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private void dropConnections() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception e) {
            // already closed
        }
    }
}
