package io.jobqueue.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** beanstalkd's bare ceiling: a minimal raw-socket loop, the least a client can do per job. */
final class BeanstalkCeiling {
    private static final byte[] BODY = "{\"job\":\"noop\"}".getBytes(StandardCharsets.US_ASCII);
    private final String host;
    private final int port;
    private final double seconds;

    BeanstalkCeiling(String hostPort, double seconds) {
        this.host = hostPort.substring(0, hostPort.lastIndexOf(':'));
        this.port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        this.seconds = seconds;
    }

    /** One put per round trip. */
    double putOneAtATime(String tube) throws Exception {
        try (Raw raw = new Raw(tube)) {
            return Timing.ratePerSecond(seconds, () -> {
                raw.put();
                raw.out.flush();
                raw.line();
                return 1;
            });
        }
    }

    /** Puts written 100 at a time before the replies are read. */
    double putPipelined(String tube) throws Exception {
        try (Raw raw = new Raw(tube)) {
            return Timing.ratePerSecond(seconds, () -> {
                for (int i = 0; i < 100; i++) {
                    raw.put();
                }
                raw.out.flush();
                for (int i = 0; i < 100; i++) {
                    raw.line();
                }
                return 100;
            });
        }
    }

    /** {@code connections} sockets each reserve and delete until the tube is empty: jobs/s. */
    double reserveAndDelete(String tube, int connections) throws Exception {
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                futures.add(pool.submit(() -> {
                    try (Raw raw = new Raw(tube)) {
                        raw.command("watch " + tube);
                        raw.command("ignore default");
                        while (System.nanoTime() < end) {
                            String reply = raw.command("reserve-with-timeout 0");
                            if (!reply.startsWith("RESERVED")) {
                                return null;
                            }
                            String[] parts = reply.split(" ");
                            raw.skip(Integer.parseInt(parts[2]) + 2);
                            raw.command("delete " + parts[1]);
                            done.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return Timing.perSecond(done.get(), start);
    }

    /** Puts {@code jobs} jobs (pipelined), not measured. */
    void fill(String tube, int jobs) throws IOException {
        try (Raw raw = new Raw(tube)) {
            for (int i = 0; i < jobs; i += 1000) {
                int n = Math.min(1000, jobs - i);
                for (int k = 0; k < n; k++) {
                    raw.put();
                }
                raw.out.flush();
                for (int k = 0; k < n; k++) {
                    raw.line();
                }
            }
        }
    }

    private final class Raw implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final InputStream in;

        Raw(String tube) throws IOException {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            out = new BufferedOutputStream(socket.getOutputStream(), 65536);
            in = new BufferedInputStream(socket.getInputStream(), 65536);
            command("use " + tube);
        }

        void put() throws IOException {
            out.write(("put 1024 0 60 " + BODY.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(BODY);
            out.write('\r');
            out.write('\n');
        }

        String command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return line();
        }

        String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            return sb.toString();
        }

        void skip(int bytes) throws IOException {
            in.readNBytes(bytes);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
