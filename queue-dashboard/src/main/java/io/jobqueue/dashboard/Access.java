package io.jobqueue.dashboard;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Who may call the dashboard, checked before every request: the credentials when set (HTTP Basic), the Host
 * header when the dashboard is open on loopback (against DNS rebinding), and for a request that changes
 * anything, that a browser did not send it from another site.
 *
 * <p>The cross-site rule is the one browsers make easy to enforce: a browser marks every request with {@code
 * Sec-Fetch-Site}, and older ones send {@code Origin} on every cross-origin POST. A mutation is refused when
 * {@code Sec-Fetch-Site} says anything but {@code same-origin} or {@code none} (typed by the user), or when an
 * {@code Origin} names another host than the request's. A request with neither header is no browser's (curl, a
 * script), and credentials are what guard it.
 */
final class Access {
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    private static final String REALM = "Basic realm=\"jobqueue dashboard\", charset=\"UTF-8\"";

    private final byte[] expected;
    private final boolean loopback;

    Access(String user, String password, boolean loopback) {
        this.expected = user == null || password == null ? null : digest(user + ":" + password);
        this.loopback = loopback;
    }

    /** Whether every request needs credentials. */
    boolean required() {
        return expected != null;
    }

    void check(Context ctx) {
        if (expected != null) {
            checkCredentials(ctx);
        } else if (loopback) {
            checkLoopbackHost(ctx.header("Host"));
        }
        if (!SAFE.contains(ctx.method())) {
            checkSameSite(ctx);
        }
    }

    private void checkCredentials(Context ctx) {
        String header = ctx.header("Authorization");
        byte[] given = null;
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                given = digest(new String(Base64.getDecoder().decode(header.substring(6).trim()),
                        StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                given = null;
            }
        }
        // Digests of equal length, compared in constant time: the comparison tells nothing about the secret.
        if (given == null || !MessageDigest.isEqual(expected, given)) {
            ctx.header("WWW-Authenticate", REALM);
            throw new ApiError(401, "credentials required");
        }
    }

    /**
     * On loopback without credentials, a page of another site could rebind its own name to 127.0.0.1 and then
     * read and post here as same-origin; its requests carry its own name in Host, so only loopback names pass.
     */
    private static void checkLoopbackHost(String host) {
        String name = hostName(host);
        if (name == null || !(name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]"))) {
            throw new ApiError(403, "this dashboard answers only to a loopback host name (localhost, 127.0.0.1)");
        }
    }

    private static void checkSameSite(Context ctx) {
        String fetchSite = ctx.header("Sec-Fetch-Site");
        if (fetchSite != null) {
            String site = fetchSite.toLowerCase(Locale.ROOT);
            if (!site.equals("same-origin") && !site.equals("none")) {
                throw new ApiError(403, "cross-site request refused (Sec-Fetch-Site: " + fetchSite + ")");
            }
            return;
        }
        String origin = ctx.header("Origin");
        if (origin != null) {
            String host = ctx.header("Host");
            String originHost = origin.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "");
            if (host == null || origin.equals("null") || !originHost.equalsIgnoreCase(host)) {
                throw new ApiError(403, "cross-site request refused (Origin does not match Host)");
            }
        }
    }

    /** The name part of a Host header, lower case, without the port. */
    private static String hostName(String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? null : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
