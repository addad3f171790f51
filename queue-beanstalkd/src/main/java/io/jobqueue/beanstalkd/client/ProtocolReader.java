package io.jobqueue.beanstalkd.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Reads reply lines and length-prefixed data chunks; never reads past what the reply announced. */
final class ProtocolReader {

    /** Longest accepted reply line, CRLF excluded. beanstalkd's longest is {@code USING} + a 200-byte name. */
    static final int MAX_LINE_LENGTH = 1024;
    /** Largest accepted data chunk: beanstalkd's ceiling for {@code -z} (1 GiB). */
    static final int MAX_CHUNK_LENGTH = 1 << 30;

    private final InputStream in;

    ProtocolReader(InputStream in) {
        this.in = in;
    }

    /**
     * Reads one reply line without its CRLF.
     *
     * @throws EOFException if the stream ends before the first byte (the server closed the connection)
     * @throws BeanstalkProtocolException if the line is cut off, too long, or contains control bytes
     */
    String readLine() throws IOException {
        int b = in.read();
        if (b == -1) {
            throw new EOFException("connection closed by the server");
        }
        StringBuilder line = new StringBuilder(32);
        while (true) {
            if (b == '\r') {
                int next = in.read();
                if (next == '\n') {
                    return line.toString();
                }
                throw new BeanstalkProtocolException(next == -1
                        ? "reply ended after CR: " + Check.printable(line.toString())
                        : "CR not followed by LF in reply: " + Check.printable(line.toString()));
            }
            if (b < 0x20 || b > 0x7e) {
                throw new BeanstalkProtocolException(String.format(
                        "unexpected byte 0x%02x in reply line: %s", b, Check.printable(line.toString())));
            }
            if (line.length() == MAX_LINE_LENGTH) {
                throw new BeanstalkProtocolException("reply line longer than " + MAX_LINE_LENGTH
                        + " bytes: " + Check.printable(line.toString()));
            }
            line.append((char) b);
            b = in.read();
            if (b == -1) {
                throw new BeanstalkProtocolException(
                        "reply line cut off by end of stream: " + Check.printable(line.toString()));
            }
        }
    }

    Reply readReply() throws IOException {
        return Reply.parse(readLine());
    }

    /** Reads exactly {@code length} bytes, then the CRLF that must follow them. */
    byte[] readChunk(int length) throws IOException {
        byte[] data = in.readNBytes(length);
        if (data.length < length) {
            throw new BeanstalkProtocolException(
                    "reply data cut off by end of stream: expected " + length + " bytes, got " + data.length);
        }
        int cr = in.read();
        int lf = in.read();
        if (cr == -1 || lf == -1) {
            throw new BeanstalkProtocolException(
                    "reply data of " + length + " bytes cut off by end of stream before its CRLF");
        }
        if (cr != '\r' || lf != '\n') {
            throw new BeanstalkProtocolException(String.format(
                    "reply data of %d bytes not followed by CRLF (got 0x%02x 0x%02x)", length, cr, lf));
        }
        return data;
    }
}
