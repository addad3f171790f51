package io.jobqueue.bench;

import java.util.Arrays;
import java.util.List;

/** Small helpers for rates, percentiles and the process's resident memory. */
final class Timing {
    private Timing() {}

    /** Runs {@code step} (which returns how many operations it did) repeatedly for {@code seconds}; returns ops/s. */
    static double ratePerSecond(double seconds, Step step) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long ops = 0;
        while (System.nanoTime() < end) {
            ops += step.run();
        }
        return ops / ((System.nanoTime() - start) / 1e9);
    }

    static double perSecond(long ops, long startNanos) {
        return ops / ((System.nanoTime() - startNanos) / 1e9);
    }

    static double percentile(List<Double> samples, double p) {
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Resident set size of this process in MiB (Linux), or NaN. */
    static double rssMib() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    @FunctionalInterface
    interface Step {
        long run() throws Exception;
    }
}
