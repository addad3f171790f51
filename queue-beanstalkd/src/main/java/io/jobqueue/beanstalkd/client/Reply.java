package io.jobqueue.beanstalkd.client;

import java.util.List;

/** One reply line split into its word and arguments, with strict number parsing. */
record Reply(String line, String word, List<String> args) {

    static Reply parse(String line) {
        String[] parts = line.split(" ", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new BeanstalkProtocolException("malformed reply line: " + Check.printable(line));
            }
        }
        return new Reply(line, parts[0], List.of(parts).subList(1, parts.length));
    }

    boolean is(String expectedWord, int argCount) {
        if (!word.equals(expectedWord)) {
            return false;
        }
        if (args.size() != argCount) {
            throw new BeanstalkProtocolException("reply " + word + " should have " + argCount
                    + " argument(s): " + Check.printable(line));
        }
        return true;
    }

    /** Argument {@code index} as a non-negative decimal number (digits only). */
    long number(int index) {
        String text = args.get(index);
        if (text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BeanstalkProtocolException("expected a non-negative integer in reply, got "
                    + Check.printable(text) + " in " + Check.printable(line));
        }
        return Long.parseLong(text);
    }

    /** Argument {@code index} as a job id (positive). */
    long id(int index) {
        long id = number(index);
        if (id == 0) {
            throw new BeanstalkProtocolException("job id 0 in reply: " + Check.printable(line));
        }
        return id;
    }

    /** Argument {@code index} as the length of a data chunk that follows the line. */
    int length(int index) {
        long length = number(index);
        if (length > ProtocolReader.MAX_CHUNK_LENGTH) {
            throw new BeanstalkProtocolException("reply announces " + length + " bytes of data, more than the "
                    + ProtocolReader.MAX_CHUNK_LENGTH + " allowed: " + Check.printable(line));
        }
        return (int) length;
    }

    /** Argument {@code index} as a string. */
    String text(int index) {
        return args.get(index);
    }
}
