package io.jobqueue.beanstalkd.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes command lines and job bodies; the caller flushes once per command (or per pipelined batch). */
final class ProtocolWriter {

    private static final byte[] CRLF = {'\r', '\n'};

    private final OutputStream out;

    ProtocolWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes a command line; its arguments have been checked, so it is plain ASCII without CR or LF. */
    void line(String command) throws IOException {
        out.write(command.getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
    }

    void put(PutRequest request) throws IOException {
        byte[] body = request.bodyUnsafe();
        line("put " + request.priority() + " " + request.delaySeconds() + " " + request.ttrSeconds() + " "
                + body.length);
        out.write(body);
        out.write(CRLF);
    }

    void flush() throws IOException {
        out.flush();
    }
}
