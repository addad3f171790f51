package io.jobqueue.beanstalkd.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A socket without a network: reads replay scripted server bytes (then end of stream), writes are recorded
 * so a test can compare them byte for byte, and socket options are recorded.
 */
public final class ScriptedSocket extends Socket {

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final InputStream script;
    private final List<Integer> readTimeouts = new ArrayList<>();
    private int sentAtFirstRead = -1;
    private boolean tcpNoDelay;
    private boolean connected;
    private boolean closed;
    private IOException writeFailure;

    ScriptedSocket(byte[] replies) {
        this(new ByteArrayInputStream(replies));
    }

    ScriptedSocket(InputStream replies) {
        this.script = replies;
    }

    /** Makes every later write fail with this exception. */
    ScriptedSocket failWritesWith(IOException failure) {
        this.writeFailure = failure;
        return this;
    }

    /** Everything the client wrote, as ISO-8859-1 text (one char per byte). */
    public String sent() {
        return new String(sent.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    byte[] sentBytes() {
        return sent.toByteArray();
    }

    /** How many bytes the client had written when it first read a reply; -1 if it never read. */
    int sentAtFirstRead() {
        return sentAtFirstRead;
    }

    /** Every SO_TIMEOUT value set, in order. */
    List<Integer> readTimeouts() {
        return readTimeouts;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) {
        connected = true;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        ensureOpen();
        return new InputStream() {
            @Override
            public int read() throws IOException {
                beforeRead();
                return script.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                beforeRead();
                return script.read(buffer, offset, length);
            }
        };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        ensureOpen();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                beforeWrite();
                sent.write(b);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                beforeWrite();
                sent.write(buffer, offset, length);
            }
        };
    }

    private void beforeRead() throws IOException {
        ensureOpen();
        if (sentAtFirstRead < 0) {
            sentAtFirstRead = sent.size();
        }
    }

    private void beforeWrite() throws IOException {
        ensureOpen();
        if (writeFailure != null) {
            throw writeFailure;
        }
    }

    private void ensureOpen() throws SocketException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
    }

    @Override
    public void setSoTimeout(int timeout) {
        readTimeouts.add(timeout);
    }

    @Override
    public int getSoTimeout() {
        return readTimeouts.isEmpty() ? 0 : readTimeouts.get(readTimeouts.size() - 1);
    }

    @Override
    public void setTcpNoDelay(boolean on) {
        tcpNoDelay = on;
    }

    @Override
    public boolean getTcpNoDelay() {
        return tcpNoDelay;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
