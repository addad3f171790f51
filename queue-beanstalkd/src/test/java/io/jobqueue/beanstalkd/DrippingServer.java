package io.jobqueue.beanstalkd;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A stand-in beanstalkd on a real local socket that answers {@code stats}, {@code use} and {@code put}
 * promptly, except the commands a test picks: those it answers by dripping an endless reply line (
 * {@code INSERTED 1111…}) one byte every {@code dripMillis}, a reply that never completes. Each drip stops when
 * the client closes the connection; {@link #dripsEnded()} says how many did.
 */
final class DrippingServer implements AutoCloseable {
    private static final String STATS = "---\ncurrent-jobs-urgent: 0\ncurrent-jobs-ready: 0\n"
            + "current-jobs-reserved: 0\ncurrent-jobs-delayed: 0\ncurrent-jobs-buried: 0\ntotal-jobs: 0\n"
            + "current-tubes: 1\ncurrent-connections: 1\ncurrent-waiting: 0\nmax-job-size: 65535\n"
            + "version: \"1.12\"\n";

    private final ServerSocket listener;
    private final long dripMillis;
    private final Predicate<String> drips;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger dripsEnded = new AtomicInteger();
    private final CountDownLatch dripping = new CountDownLatch(1);
    private volatile boolean closed;

    /** Drips the reply to every command line {@code drips} accepts (called once per command, in order). */
    DrippingServer(long dripMillis, Predicate<String> drips) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.dripMillis = dripMillis;
        this.drips = drips;
        Thread acceptor = new Thread(this::accept, "dripping-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Drips that stopped because the client closed the connection. */
    int dripsEnded() {
        return dripsEnded.get();
    }

    /** Waits until the first drip has begun. */
    void awaitDripping() throws InterruptedException {
        dripping.await();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                sockets.add(socket);
                connections.incrementAndGet();
                Thread serve = new Thread(() -> serve(socket), "dripping-server-connection");
                serve.setDaemon(true);
                serve.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String line;
            while ((line = readLine(in)) != null) {
                if (line.startsWith("put ")) {
                    int length = Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
                    in.readNBytes(length + 2);
                }
                if (drips.test(line)) {
                    drip(out);
                    return;
                }
                String reply;
                if (line.equals("stats")) {
                    reply = "OK " + STATS.length() + "\r\n" + STATS + "\r\n";
                } else if (line.startsWith("use ")) {
                    reply = "USING " + line.substring(4) + "\r\n";
                } else if (line.startsWith("put ")) {
                    reply = "INSERTED " + nextId.getAndIncrement() + "\r\n";
                } else if (line.equals("quit")) {
                    return;
                } else {
                    reply = "UNKNOWN_COMMAND\r\n";
                }
                out.write(reply.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** One byte every dripMillis, a line that never ends, until the client closes the connection. */
    private void drip(OutputStream out) {
        dripping.countDown();
        byte[] reply = "INSERTED ".getBytes(StandardCharsets.US_ASCII);
        try {
            for (long i = 0; !closed; i++) {
                out.write(i < reply.length ? reply[(int) i] : '1');
                out.flush();
                Thread.sleep(dripMillis);
            }
        } catch (IOException e) {
            dripsEnded.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, Math.max(0, bytes.length - 1), StandardCharsets.US_ASCII);
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
