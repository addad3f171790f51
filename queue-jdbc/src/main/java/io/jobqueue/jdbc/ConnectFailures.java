package io.jobqueue.jdbc;

import io.jobqueue.BackendException;
import io.jobqueue.internal.Redaction;
import java.util.List;

/**
 * Failures to connect, told without the credentials of the URL: the URL is shown redacted, and should a driver
 * have quoted a password in its own message, the causes are replaced by copies with the password masked.
 */
final class ConnectFailures {
    /** Deeper cause chains are cut off: they are cycles or not worth reading. */
    private static final int MAX_CAUSES = 20;

    private ConnectFailures() {}

    static BackendException of(String url, RuntimeException e) {
        List<String> secrets = Redaction.secrets(url);
        return new BackendException("cannot connect to " + Redaction.url(url) + ": " + scrub(e.getMessage(), secrets),
                clean(e, secrets));
    }

    /** {@code e} if no message in its chain quotes a secret, else a copy of the chain with the secrets masked. */
    static Throwable clean(Throwable e, List<String> secrets) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
            if (!scrub(t.getMessage(), secrets).equals(String.valueOf(t.getMessage()))) {
                return new Redacted(e, secrets, 0);
            }
        }
        return e;
    }

    private static String scrub(String message, List<String> secrets) {
        String text = String.valueOf(message);
        for (String secret : secrets) {
            text = text.replace(secret, "***");
        }
        return text;
    }

    /** A copy of a throwable that names the original's class, masks the secrets and keeps its stack trace. */
    private static final class Redacted extends Exception {
        private static final long serialVersionUID = 1L;

        Redacted(Throwable original, List<String> secrets, int depth) {
            super(original.getClass().getName() + ": " + scrub(original.getMessage(), secrets),
                    original.getCause() == null || depth >= MAX_CAUSES ? null
                            : new Redacted(original.getCause(), secrets, depth + 1),
                    false, true);
            setStackTrace(original.getStackTrace());
        }
    }
}
