package a3c.engine.train;

import java.util.Locale;

/** Numbers as the progress and summary lines show them. */
public final class Format {
    private Format() {
    }

    /** 1234 → 1,234; 1234567 → 1.23M. */
    public static String count(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2fG", n / 1e9);
        } else if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        }
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A rate, 1234.5 → 1,235, or "-" where it is NaN (nothing to measure it over). */
    public static String rateOrDash(double perSecond) {
        return Double.isNaN(perSecond) ? "-" : String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** {@code x} with {@code decimals} decimals, or "-" where it is NaN (nothing measured yet). */
    public static String orDash(double x, int decimals) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", x);
    }
}
