package io.jobqueue.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Server-rendered HTML: every value that came from a job, a task or a request goes through {@link #esc}, in text
 * and in attributes alike. Pages carry no inline script or style (the Content-Security-Policy forbids both), so
 * even markup that slipped through could not run.
 */
final class Html {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Html() {}

    /** Text safe in element content and in quoted attribute values. */
    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A query or path component, percent-encoded (then still to be escaped in an attribute). */
    static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String time(Instant at) {
        return at == null ? "—" : TIME.format(at);
    }

    /** How long before {@code now} {@code then} was, roughly: "just now", "12 s ago", "3 min ago", "2 h 5 min ago". */
    static String ago(Instant then, Instant now) {
        if (then == null) {
            return "—";
        }
        long s = Duration.between(then, now).toSeconds();
        if (s < 1) {
            return "just now"; // also a moment ahead: another host's clock may run a little fast
        }
        return span(s) + " ago";
    }

    /** How long after {@code now} {@code at} comes: "in 40 s", "in 2 d 3 h"; "due now", or "due 5 min ago" if past. */
    static String until(Instant at, Instant now) {
        if (at == null) {
            return "—";
        }
        long s = Duration.between(now, at).toSeconds();
        if (s >= 1) {
            return "in " + span(s);
        }
        return s > -1 ? "due now" : "due " + span(-s) + " ago";
    }

    /** A positive number of seconds, roughly: "12 s", "3 min", "2 h 5 min", "4 d 2 h". */
    private static String span(long s) {
        if (s < 60) {
            return s + " s";
        } else if (s < 3600) {
            return s / 60 + " min";
        } else if (s < 86_400) {
            return s / 3600 + " h " + s % 3600 / 60 + " min";
        }
        return s / 86_400 + " d " + s % 86_400 / 3600 + " h";
    }

    /** A whole page around {@code body}. */
    static String page(String title, String body) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · jobqueue</title>
                <link rel="stylesheet" href="/assets/app.css">
                <script src="/assets/app.js" defer></script>
                </head>
                <body>
                <header><a class="brand" href="/">jobqueue</a>
                <nav><a href="/">Overview</a><a href="/tasks">Tasks</a><a href="/tasks/new">New task</a>\
                <a href="/api/openapi.json">API</a></nav></header>
                <div id="flash" role="alert" hidden></div>
                <main>
                %s
                </main>
                </body>
                </html>
                """.formatted(esc(title), body);
    }

    /** A progress bar with its numbers beside it. */
    static String progress(String cssClass, long finished, long failed, long total, int percent) {
        if (total == 0) {
            return "<span class=\"muted\">no children</span>";
        }
        return "<progress class=\"" + esc(cssClass) + "\" max=\"100\" value=\"" + percent + "\"></progress> "
                + "<span class=\"progress-text\">" + finished + " / " + total + " done"
                + (failed > 0 ? ", " + failed + " failed" : "") + " (" + percent + "%)</span>";
    }

    /** A button the page's script turns into a request to the API (POST unless {@code method} says otherwise). */
    static String action(String label, String method, String url, String confirm, String cssClass) {
        return "<button type=\"button\" class=\"" + esc(cssClass) + "\" data-method=\"" + esc(method)
                + "\" data-url=\"" + esc(url) + "\"" + (confirm == null ? "" : " data-confirm=\"" + esc(confirm) + "\"")
                + ">" + esc(label) + "</button>";
    }
}
