package io.jobqueue.beanstalkd.client;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads {@code put} replies, singly or for a pipelined batch. */
final class PutReplies {

    private PutReplies() {
    }

    /** {@code INSERTED <id>} or {@code BURIED <id>}; anything else is thrown. */
    static PutResult result(ProtocolSession session, Reply reply) {
        if (reply.is("INSERTED", 1)) {
            return new PutResult(reply.id(0), false);
        }
        if (reply.is("BURIED", 1)) {
            return new PutResult(reply.id(0), true);
        }
        throw session.unexpected("put", reply, true);
    }

    /**
     * Writes the puts in chunks, each chunk completely before reading its replies in order; each chunk has the
     * command deadline to itself. On a server
     * error the rest of the chunk's replies are still read (keeping the connection in step) and no further
     * chunk is sent; the exception lists the jobs that were inserted.
     */
    static List<PutResult> pipelined(ProtocolSession session, List<PutRequest> requests, int chunkSize)
            throws IOException {
        PutResult[] results = new PutResult[requests.size()];
        for (int start = 0; start < requests.size(); start += chunkSize) {
            int end = Math.min(requests.size(), start + chunkSize);
            if (start > 0) {
                session.restartDeadline(); // each chunk is one round trip with a deadline of its own
            }
            for (int i = start; i < end; i++) {
                session.writer().put(requests.get(i));
            }
            session.writer().flush();
            ServerError failure = null;
            int failedIndex = -1;
            for (int i = start; i < end; i++) {
                Reply reply = session.reader().readReply();
                try {
                    results[i] = result(session, reply);
                } catch (BeanstalkServerException e) {
                    if (!session.isUsable()) {
                        throw failure(e.error(), i, results);
                    }
                    if (failure == null) {
                        failure = e.error();
                        failedIndex = i;
                    }
                }
            }
            if (failure != null) {
                throw failure(failure, failedIndex, results);
            }
        }
        return List.of(results);
    }

    private static BeanstalkPutAllException failure(ServerError error, int index, PutResult[] results) {
        Map<Integer, PutResult> inserted = new TreeMap<>();
        for (int i = 0; i < results.length; i++) {
            if (results[i] != null) {
                inserted.put(i, results[i]);
            }
        }
        return new BeanstalkPutAllException(error, index, results.length, inserted);
    }
}
