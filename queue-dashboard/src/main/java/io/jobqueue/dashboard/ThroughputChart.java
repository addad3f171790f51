package io.jobqueue.dashboard;

import static io.jobqueue.dashboard.Html.esc;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The overview's chart of jobs succeeded and failed per minute over the last hour, as inline SVG written on the
 * server: no script draws it, so it needs nothing beyond the page and the stylesheet (colours are CSS classes,
 * the Content-Security-Policy allows no inline style), and it refreshes with the overview's live section.
 */
final class ThroughputChart {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int LEFT = 44;
    private static final int TOP = 10;
    private static final int SLOT = 12;
    private static final int BAR = 10;
    private static final int HEIGHT = 140;
    private static final int WIDTH = LEFT + SLOT * Throughput.MINUTES + 10;
    private static final int BOTTOM = TOP + HEIGHT;

    private ThroughputChart() {}

    /** The summary, the chart and the note on where its history starts. */
    static String html(Throughput.History h, Duration sampleInterval) {
        List<Throughput.Minute> minutes = h.minutes();
        StringBuilder html = new StringBuilder("<figure class=\"chart\" id=\"throughput\">");
        Throughput.Minute current = minutes.isEmpty() ? null : minutes.get(minutes.size() - 1);
        html.append("<figcaption><span class=\"legend\"><span class=\"succeeded\">succeeded</span>"
                        + " <span class=\"failed\">failed</span></span> Last hour: <strong class=\"total-succeeded\">")
                .append(h.succeeded()).append("</strong> succeeded, <strong class=\"total-failed\">")
                .append(h.failed()).append("</strong> failed");
        if (current != null) {
            html.append("; this minute so far: ").append(current.succeeded()).append(" succeeded, ")
                    .append(current.failed()).append(" failed");
        }
        html.append(".</figcaption>").append(svg(minutes)).append("<p class=\"muted\">");
        if (h.since() == null) {
            html.append("No sample of the worker registry yet.");
        } else {
            html.append("History starts when the dashboard started (").append(esc(SECOND.format(h.since())))
                    .append(" UTC) and is kept in its memory for an hour");
        }
        return html.append(": jobs per minute from the workers' heartbeats, read every ")
                .append(esc(seconds(sampleInterval))).append(". Times in UTC.</p></figure>").toString();
    }

    private static String svg(List<Throughput.Minute> minutes) {
        long max = 0;
        for (Throughput.Minute m : minutes) {
            max = Math.max(max, m.succeeded() + m.failed());
        }
        long top = niceCeiling(Math.max(max, 1));
        StringBuilder svg = new StringBuilder("<svg class=\"throughput\" role=\"img\" aria-label=\"jobs succeeded and"
                + " failed per minute over the last hour\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(BOTTOM + 22).append("\" width=\"").append(WIDTH).append("\" height=\"").append(BOTTOM + 22)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        for (long value : top >= 2 ? new long[] {0, top / 2, top} : new long[] {0, top}) {
            double y = BOTTOM - (double) value * HEIGHT / top;
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - 10)
                    .append("\" y1=\"").append(f(y)).append("\" y2=\"").append(f(y)).append("\"/>")
                    .append("<text class=\"axis\" text-anchor=\"end\" x=\"").append(LEFT - 6).append("\" y=\"")
                    .append(f(y + 4)).append("\">").append(value).append("</text>");
        }
        int missing = Throughput.MINUTES - minutes.size(); // minutes of the hour before the dashboard started
        if (missing > 0) {
            svg.append("<rect class=\"nodata\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                    .append(missing * SLOT).append("\" height=\"").append(HEIGHT).append("\"><title>before the"
                            + " dashboard started: no history</title></rect>");
            if (missing >= 12) {
                svg.append("<text class=\"nodata-label\" text-anchor=\"middle\" x=\"")
                        .append(LEFT + missing * SLOT / 2).append("\" y=\"").append(TOP + HEIGHT / 2)
                        .append("\">no history</text>");
            }
        }
        for (int i = 0; i < minutes.size(); i++) {
            Throughput.Minute m = minutes.get(i);
            int x = LEFT + (missing + i) * SLOT;
            double ok = height(m.succeeded(), top);
            double bad = height(m.failed(), top);
            svg.append("<g class=\"minute\" data-start=\"").append(esc(m.start())).append("\" data-succeeded=\"")
                    .append(m.succeeded()).append("\" data-failed=\"").append(m.failed()).append("\"><title>")
                    .append(esc(MINUTE.format(m.start()))).append(" UTC: ").append(m.succeeded())
                    .append(" succeeded, ").append(m.failed()).append(" failed</title><rect class=\"hit\" x=\"")
                    .append(x).append("\" y=\"").append(TOP).append("\" width=\"").append(SLOT).append("\" height=\"")
                    .append(HEIGHT).append("\"/>");
            if (ok > 0) {
                svg.append(bar("succeeded", x + 1, BOTTOM - ok, ok));
            }
            if (bad > 0) {
                svg.append(bar("failed", x + 1, BOTTOM - ok - bad, bad));
            }
            svg.append("</g>");
        }
        svg.append("<line class=\"axis-line\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - 10)
                .append("\" y1=\"").append(BOTTOM).append("\" y2=\"").append(BOTTOM).append("\"/>");
        if (!minutes.isEmpty()) {
            java.time.Instant last = minutes.get(minutes.size() - 1).start();
            for (int back : new int[] {59, 30, 0}) {
                int x = LEFT + (Throughput.MINUTES - 1 - back) * SLOT + SLOT / 2;
                String anchor = back == 59 ? "start" : back == 0 ? "end" : "middle";
                svg.append("<text class=\"axis\" text-anchor=\"").append(anchor).append("\" x=\"")
                        .append(back == 59 ? LEFT : back == 0 ? x + SLOT / 2 : x).append("\" y=\"")
                        .append(BOTTOM + 16).append("\">")
                        .append(esc(back == 0 ? "now" : MINUTE.format(last.minus(Duration.ofMinutes(back)))))
                        .append("</text>");
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String bar(String cssClass, int x, double y, double height) {
        return "<rect class=\"" + cssClass + "\" x=\"" + x + "\" y=\"" + f(y) + "\" width=\"" + BAR + "\" height=\""
                + f(height) + "\"/>";
    }

    /** Pixels for {@code count} on a scale whose top is {@code top}; at least one for any job, to stay visible. */
    private static double height(long count, long top) {
        return count == 0 ? 0 : Math.max(1, (double) count * HEIGHT / top);
    }

    /** The smallest 1, 2 or 5 times a power of ten that is at least {@code value}. */
    static long niceCeiling(long value) {
        long power = 1;
        while (true) {
            for (long step : new long[] {1, 2, 5}) {
                if (step * power >= value) {
                    return step * power;
                }
            }
            power *= 10;
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
