package org.foundryrelay.bench.stats;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The median and range of a figure measured several times, printed as {@code median (min–max)}. */
public record Spread(double median, double min, double max, int n) {

    public static Spread of(List<Double> values) {
        if (values.isEmpty()) return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        var sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Spread(median, sorted[0], sorted[n - 1], n);
    }

    public static Spread of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }

    /** {@code median (min–max)} with the given number of decimals; just the value when measured once. */
    public String format(int decimals) {
        if (n == 0) return "–";
        var f = "%." + decimals + "f";
        if (n == 1 || min == max) return String.format(Locale.ROOT, f, median);
        return String.format(Locale.ROOT, f + " (" + f + "–" + f + ")", median, min, max);
    }
}
