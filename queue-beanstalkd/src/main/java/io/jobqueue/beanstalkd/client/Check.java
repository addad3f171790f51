package io.jobqueue.beanstalkd.client;

import java.nio.charset.StandardCharsets;

/** Argument checks run before a command is written, so that nothing reaches the wire on bad input. */
final class Check {

    /** Largest value of beanstalkd's unsigned 32-bit fields (priority, delay, ttr, timeout, bound). */
    static final long MAX_UINT32 = 0xFFFF_FFFFL;
    /** beanstalkd's limit on tube name length, in bytes. */
    static final int MAX_TUBE_NAME_LENGTH = 200;

    private static final String NAME_PUNCTUATION = "-+/;.$_()";

    private Check() {
    }

    static long uint32(String what, long value) {
        if (value < 0 || value > MAX_UINT32) {
            throw new BeanstalkBadInputException(what + " must be between 0 and " + MAX_UINT32 + ", was " + value);
        }
        return value;
    }

    static long jobId(long id) {
        if (id <= 0) {
            throw new BeanstalkBadInputException("job id must be positive, was " + id);
        }
        return id;
    }

    /**
     * A tube name: 1..200 bytes of letters, digits and {@code - + / ; . $ _ ( )}, not starting with a
     * hyphen. Anything else (a space, CR, LF, a non-ASCII letter) is rejected, so a name can never smuggle a
     * second command onto the wire.
     */
    static String tube(String name) {
        if (name == null) {
            throw new BeanstalkBadInputException("tube name must not be null");
        }
        if (name.isEmpty()) {
            throw new BeanstalkBadInputException("tube name must not be empty");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TUBE_NAME_LENGTH) {
            throw new BeanstalkBadInputException(
                    "tube name must be at most " + MAX_TUBE_NAME_LENGTH + " bytes, was " + bytes + " bytes");
        }
        if (name.charAt(0) == '-') {
            throw new BeanstalkBadInputException("tube name must not start with '-': " + printable(name));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || NAME_PUNCTUATION.indexOf(c) >= 0;
            if (!allowed) {
                throw new BeanstalkBadInputException("tube name contains " + printable(String.valueOf(c))
                        + " at index " + i + "; allowed are letters, digits and " + NAME_PUNCTUATION + ": "
                        + printable(name));
            }
        }
        return name;
    }

    /** The text with control and non-ASCII characters escaped, quoted, for error messages. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder("\"");
        int limit = Math.min(text.length(), 80);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (text.length() > limit) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}
