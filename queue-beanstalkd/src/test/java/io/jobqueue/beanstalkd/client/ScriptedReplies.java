package io.jobqueue.beanstalkd.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/** Server bytes for a {@link ScriptedSocket} that arrive in pieces, as they would over a slow network. */
final class ScriptedReplies {
    private ScriptedReplies() {
    }

    /** Each read from the socket returns at most one line (up to and including its LF). */
    static InputStream oneLinePerRead(String replies) {
        return oneLinePerRead(replies, () -> { });
    }

    /** As {@link #oneLinePerRead(String)}, telling {@code afterEachRead} after each read. */
    static InputStream oneLinePerRead(String replies, Runnable afterEachRead) {
        ByteArrayInputStream all = new ByteArrayInputStream(replies.getBytes(StandardCharsets.ISO_8859_1));
        return new InputStream() {
            @Override
            public int read() {
                return all.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                int n = 0;
                while (n < length) {
                    int b = all.read();
                    if (b == -1) {
                        break;
                    }
                    buffer[offset + n++] = (byte) b;
                    if (b == '\n') {
                        break;
                    }
                }
                if (n == 0 && length > 0) {
                    return -1;
                }
                afterEachRead.run();
                return n;
            }
        };
    }

    /**
     * Each read from the socket returns one byte, then {@code afterEachByte} is told (a test moves its clock
     * there: the server drips its reply).
     */
    static InputStream oneBytePerRead(String replies, LongConsumer afterEachByte) {
        ByteArrayInputStream all = new ByteArrayInputStream(replies.getBytes(StandardCharsets.ISO_8859_1));
        return new InputStream() {
            private long count;

            @Override
            public int read() {
                int b = all.read();
                if (b != -1) {
                    afterEachByte.accept(++count);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                int b = read();
                if (b == -1) {
                    return -1;
                }
                buffer[offset] = (byte) b;
                return 1;
            }
        };
    }
}
