package io.jobqueue.beanstalkd.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Commands written a chunk at a time, each chunk completely before its replies are read in order: one round trip
 * per chunk instead of one per command. Each chunk has the command deadline to itself. Command lines are short
 * (under 64 bytes), so a chunk of {@link BeanstalkConnection#PIPELINE_CHUNK_SIZE} fits in the socket buffers and
 * the write cannot stall behind replies not yet read.
 *
 * <p>A reply the batch does not expect breaks the connection: the replies after it are unread, so the stream is out
 * of step (and for {@code reserve}, jobs may be reserved that the caller never hears of; the server releases them
 * when the connection closes).
 */
final class Pipelined {

    /** Reads one reply of the batch; {@code index} counts from the batch's first command. */
    @FunctionalInterface
    interface ReplyReader<T> {
        T read(Reply reply, int index) throws IOException;
    }

    private Pipelined() {
    }

    /**
     * Sends {@code count} commands ({@code line} gives each) and reads a result per reply; stops after the chunk in
     * which a reply gave {@code stop} (which is not added to the results).
     */
    static <T> List<T> run(ProtocolSession session, int count, int chunkSize, IntFunction<String> line,
            ReplyReader<T> reader, T stop) throws IOException {
        List<T> results = new ArrayList<>(count);
        for (int start = 0; start < count; start += chunkSize) {
            int end = Math.min(count, start + chunkSize);
            if (start > 0) {
                session.restartDeadline();
            }
            for (int i = start; i < end; i++) {
                session.writer().line(line.apply(i));
            }
            session.writer().flush();
            boolean stopped = false;
            for (int i = start; i < end; i++) {
                T result = reader.read(session.reader().readReply(), i);
                if (stop != null && result == stop) {
                    stopped = true;
                } else {
                    results.add(result);
                }
            }
            if (stopped) {
                break;
            }
        }
        return results;
    }

    /** The failure for a reply a pipelined batch does not expect; the connection is broken. */
    static RuntimeException unexpected(ProtocolSession session, String command, Reply reply) {
        RuntimeException e = session.unexpected(command, reply, false);
        return session.markBroken(e);
    }
}
