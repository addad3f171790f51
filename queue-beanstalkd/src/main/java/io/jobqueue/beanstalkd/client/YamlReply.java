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

    static JobStats jobStats(Map<String, String> f) {
        String state = text(f, "state");
        JobStats.State parsedState;
        try {
            parsedState = JobStats.State.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BeanstalkProtocolException("stats-job reported an unknown state: " + Check.printable(state));
        }
        return new JobStats(number(f, "id"), text(f, "tube"), parsedState, number(f, "pri"), number(f, "age"),
                number(f, "delay"), number(f, "ttr"), number(f, "time-left"), number(f, "file"),
                number(f, "reserves"), number(f, "timeouts"), number(f, "releases"), number(f, "buries"),
                number(f, "kicks"));
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
