package io.jobqueue.example;

/** {@code --concurrency N} (a fixed pool) or {@code --concurrency MIN..MAX} (a pool that sizes itself). */
record Concurrency(int min, int max) {
    static final int MOST = 10_000;

    static Concurrency parse(String text) {
        String spec = text.strip();
        int dots = spec.indexOf("..");
        if (dots < 0) {
            int n = number(spec, text);
            return new Concurrency(n, n);
        }
        int min = number(spec.substring(0, dots), text);
        int max = number(spec.substring(dots + 2), text);
        if (max < min) {
            throw new UsageException("--concurrency MIN..MAX needs MIN <= MAX, got '" + text + "'");
        }
        return new Concurrency(min, max);
    }

    private static int number(String part, String whole) {
        try {
            int n = Integer.parseInt(part.strip());
            if (n >= 1 && n <= MOST) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--concurrency must be N or MIN..MAX with whole numbers from 1 to " + MOST
                + ", got '" + whole + "'");
    }

    @Override
    public String toString() {
        return min == max ? Integer.toString(min) : min + ".." + max;
    }
}
