package io.jobqueue.beanstalkd.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the small YAML documents beanstalkd sends: a dictionary of scalars ({@code stats*}) or a list of
 * names ({@code list-tubes*}). beanstalkd 1.13 double-quotes string values ({@code version: "1.13"}); the
 * quotes are removed.
 */
final class YamlReply {

    private YamlReply() {
    }

    static Map<String, String> dictionary(byte[] data) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : lines(data)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new BeanstalkProtocolException("malformed YAML dictionary line: " + Check.printable(line));
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            fields.put(key, unquote(value));
        }
        return fields;
    }

    static List<String> list(byte[] data) {
        List<String> items = new ArrayList<>();
        for (String line : lines(data)) {
            if (!line.startsWith("- ")) {
                throw new BeanstalkProtocolException("malformed YAML list line: " + Check.printable(line));
            }
            items.add(unquote(line.substring(2).trim()));
        }
        return Collections.unmodifiableList(items);
    }

    private static List<String> lines(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        boolean first = true;
        // Split by hand at LF (dropping a CR before it): String.split would compile a pattern per reply, and
        // stats-job is read for every reserved job.
        for (int start = 0; start < text.length(); ) {
            int lf = text.indexOf('\n', start);
            int end = lf < 0 ? text.length() : lf;
            String line = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            start = end + 1;
            if (first) {
                first = false;
                if (line.equals("---")) {
                    continue;
                }
            }
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            String inner = value.substring(1, value.length() - 1);
            StringBuilder out = new StringBuilder(inner.length());
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '\\' && i + 1 < inner.length()) {
                    c = inner.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1).replace("''", "'");
        }
        return value;
    }

    /** The fields of a {@code stats-job} reply, in {@link JobStats}' order; all but tube and state are numbers. */
    private static final List<String> JOB_FIELDS = List.of("id", "tube", "state", "pri", "age", "delay", "ttr",
            "time-left", "file", "reserves", "timeouts", "releases", "buries", "kicks");
    private static final int TUBE = 1;
    private static final int STATE = 2;
    private static final Map<String, Integer> JOB_FIELD_INDEX = indexOf(JOB_FIELDS);

    /**
     * A {@code stats-job} reply, read in one pass without building a dictionary (it is read for every reserved
     * job): numbers are parsed where they stand, only the tube and the state become strings, and fields beanstalkd
     * may add later are skipped.
     */
    static JobStats jobStats(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1); // ASCII but the tube name; decoded below
        long[] numbers = new long[JOB_FIELDS.size()];
        String[] strings = new String[JOB_FIELDS.size()];
        boolean[] seen = new boolean[JOB_FIELDS.size()];
        int expected = 0;
        boolean first = true;
        for (int start = 0; start < text.length(); ) {
            int lf = text.indexOf('\n', start);
            int next = lf < 0 ? text.length() : lf + 1;
            int end = lf < 0 ? text.length() : lf;
            if (end > start && text.charAt(end - 1) == '\r') {
                end--;
            }
            boolean header = first && text.startsWith("---", start) && end == start + 3;
            first = false;
            int from = start;
            start = next;
            if (header || blank(text, from, end)) {
                continue;
            }
            int colon = text.indexOf(':', from);
            if (colon <= from || colon >= end) {
                throw new BeanstalkProtocolException("malformed YAML dictionary line: "
                        + Check.printable(text.substring(from, end)));
            }
            int index = fieldAt(text, from, colon, expected);
            if (index < 0) {
                continue;
            }
            expected = index + 1;
            int valueStart = colon + 1;
            int valueEnd = end;
            while (valueStart < valueEnd && text.charAt(valueStart) == ' ') {
                valueStart++;
            }
            while (valueEnd > valueStart && text.charAt(valueEnd - 1) == ' ') {
                valueEnd--;
            }
            seen[index] = true;
            if (index == TUBE || index == STATE) {
                strings[index] = unquote(new String(data, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8));
            } else {
                try {
                    numbers[index] = Long.parseLong(text, valueStart, valueEnd, 10);
                } catch (NumberFormatException e) {
                    throw new BeanstalkProtocolException("stats field '" + JOB_FIELDS.get(index)
                            + "' is not an integer: " + Check.printable(text.substring(valueStart, valueEnd)));
                }
            }
        }
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i]) {
                throw new BeanstalkProtocolException("stats reply lacks the field '" + JOB_FIELDS.get(i) + "'");
            }
        }
        JobStats.State state;
        try {
            state = JobStats.State.valueOf(strings[STATE].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BeanstalkProtocolException("stats-job reported an unknown state: " + Check.printable(strings[STATE]));
        }
        return new JobStats(numbers[0], strings[TUBE], state, numbers[3], numbers[4], numbers[5], numbers[6],
                numbers[7], numbers[8], numbers[9], numbers[10], numbers[11], numbers[12], numbers[13]);
    }

    /**
     * The index of the job field named by {@code text[from, colon)}, or -1 for a field not known. beanstalkd sends
     * them in {@link #JOB_FIELDS}' order, so the one after the last is tried first, without hashing a new string.
     */
    private static int fieldAt(String text, int from, int colon, int expected) {
        if (expected < JOB_FIELDS.size()) {
            String name = JOB_FIELDS.get(expected);
            if (colon - from == name.length() && text.startsWith(name, from)) {
                return expected;
            }
        }
        Integer index = JOB_FIELD_INDEX.get(text.substring(from, colon).trim());
        return index == null ? -1 : index;
    }

    private static boolean blank(String text, int from, int end) {
        for (int i = from; i < end; i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Integer> indexOf(List<String> names) {
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        return Map.copyOf(index);
    }

    static TubeStats tubeStats(Map<String, String> f) {
        return new TubeStats(text(f, "name"), number(f, "current-jobs-urgent"), number(f, "current-jobs-ready"),
                number(f, "current-jobs-reserved"), number(f, "current-jobs-delayed"),
                number(f, "current-jobs-buried"), number(f, "total-jobs"), number(f, "current-using"),
                number(f, "current-watching"), number(f, "current-waiting"), number(f, "cmd-delete"),
                number(f, "cmd-pause-tube"), number(f, "pause"), number(f, "pause-time-left"));
    }

    static ServerStats serverStats(Map<String, String> f) {
        return new ServerStats(number(f, "current-jobs-urgent"), number(f, "current-jobs-ready"),
                number(f, "current-jobs-reserved"), number(f, "current-jobs-delayed"),
                number(f, "current-jobs-buried"), number(f, "total-jobs"), number(f, "current-tubes"),
                number(f, "current-connections"), number(f, "current-waiting"), number(f, "max-job-size"),
                text(f, "version"), "true".equals(f.get("draining")), f);
    }

    private static String text(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new BeanstalkProtocolException("stats reply lacks the field '" + key + "'");
        }
        return value;
    }

    private static long number(Map<String, String> fields, String key) {
        String value = text(fields, key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BeanstalkProtocolException(
                    "stats field '" + key + "' is not an integer: " + Check.printable(value));
        }
    }
}
