package io.jobqueue.example;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Turns a line of a domain list (a name or a URL) into the host name to check, or refuses it. */
final class DomainNames {
    static final int MAX_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private DomainNames() {}

    /** The lower-case ASCII host name of {@code text}; throws {@link InvalidDomainException} if it is none. */
    static String normalize(String text) {
        String host = text == null ? "" : text.strip();
        if (host.contains("://")) {
            host = hostOfUrl(host);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new InvalidDomainException("empty domain name");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidDomainException("not a domain name: '" + printable(text) + "' (" + e.getMessage() + ")");
        }
        if (ascii.length() > MAX_LENGTH) {
            throw new InvalidDomainException("domain name longer than " + MAX_LENGTH + " characters: '"
                    + printable(text) + "'");
        }
        for (String label : ascii.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidDomainException("not a domain name: '" + printable(text) + "'");
            }
        }
        return ascii;
    }

    private static String hostOfUrl(String url) {
        try {
            String host = new URI(url).getHost();
            if (host == null) {
                throw new InvalidDomainException("URL without a host: '" + printable(url) + "'");
            }
            return host;
        } catch (URISyntaxException e) {
            throw new InvalidDomainException("malformed URL '" + printable(url) + "': " + e.getReason());
        }
    }

    private static String printable(String text) {
        String s = String.valueOf(text).replaceAll("\\p{Cntrl}", "?");
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** The job's payload is not a domain name; retrying cannot help. */
    static final class InvalidDomainException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidDomainException(String message) {
            super(message);
        }
    }
}
