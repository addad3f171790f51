package io.jobqueue.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps credentials in connection URLs out of messages and logs: {@code password=…} in any letter case (as a
 * query parameter or a MySQL {@code (key=value)} pair) and the password of {@code //user:password@host}.
 */
public final class Redaction {
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)([^&;)]*)");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@:]*):([^/?#@]*)@");
    private static final String MASK = "***";

    private Redaction() {}

    /** {@code url} with every password replaced by {@code ***}. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String redacted = PASSWORD_PARAMETER.matcher(url).replaceAll("$1" + MASK);
        return USER_INFO.matcher(redacted).replaceAll("$1:" + MASK + "@");
    }

    /** The passwords {@code url} carries, for scrubbing text that may quote them. */
    public static List<String> secrets(String url) {
        List<String> secrets = new ArrayList<>();
        if (url == null) {
            return secrets;
        }
        for (Pattern pattern : List.of(PASSWORD_PARAMETER, USER_INFO)) {
            Matcher m = pattern.matcher(url);
            while (m.find()) {
                if (!m.group(2).isEmpty()) {
                    secrets.add(m.group(2));
                }
            }
        }
        return secrets;
    }
}
