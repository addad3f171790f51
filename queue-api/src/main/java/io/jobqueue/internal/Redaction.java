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

    /**
     * {@code url} with every password masked as {@link #url} does, and all of its user info too: whatever stands
     * between {@code //} (or the start) and the last {@code @} becomes {@code ***}, so nothing of it shows even
     * when the URL does not parse. For URL schemes whose user info is nothing but credentials.
     */
    public static String withoutUserInfo(String url) {
        String redacted = url(url);
        if (redacted == null) {
            return null;
        }
        int at = redacted.lastIndexOf('@');
        if (at < 0) {
            return redacted;
        }
        int slashes = redacted.indexOf("//");
        int start = slashes >= 0 && slashes < at ? slashes + 2 : 0;
        return redacted.substring(0, start) + MASK + redacted.substring(at);
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
