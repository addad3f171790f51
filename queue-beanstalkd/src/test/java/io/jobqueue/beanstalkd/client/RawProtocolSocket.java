package io.jobqueue.beanstalkd.client;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A plain socket writing beanstalkd protocol text by hand, standing in for a client written in another
 * language, so tests can check that our client interoperates on the wire.
 */
public final class RawProtocolSocket implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RawProtocolSocket(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Writes raw bytes, e.g. {@code "use t\r\n"}, given as ISO-8859-1 text. */
    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one line up to CRLF, without it. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("server closed the connection after " + line);
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
    }

    /** Reads exactly {@code length} bytes and the CRLF after them. */
    public byte[] readData(int length) throws IOException {
        byte[] data = new byte[length];
        in.readFully(data);
        if (in.read() != '\r' || in.read() != '\n') {
            throw new IOException("data not followed by CRLF");
        }
        return data;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
