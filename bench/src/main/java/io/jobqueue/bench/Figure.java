package io.jobqueue.bench;

import java.util.Locale;

/**
 * One measured figure beside the bare ceiling of the same server, measured in the same run.
 *
 * @param ceiling NaN where no ceiling applies (latency, memory)
 */
record Figure(String backend, String metric, double value, double ceiling) {

    double ratio() {
        return Double.isNaN(ceiling) || ceiling == 0 ? Double.NaN : value / ceiling;
    }

    String line() {
        return String.format(Locale.ROOT, "bench backend=%s metric=%s value=%s ceiling=%s ratio=%s", backend, metric,
                format(value), format(ceiling), Double.isNaN(ratio()) ? "n/a" : String.format(Locale.ROOT, "%.3f", ratio()));
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
