package a3c.engine.config;

import a3c.engine.UserError;

/** Parses counts with an optional K, M or G suffix (decimal: 20M = 20,000,000), as the CLI accepts them. */
public final class Counts {
    private Counts() {
    }

    public static long parse(String name, String text) {
        String t = text.trim().replace("_", "");
        long scale = 1;
        if (!t.isEmpty()) {
            switch (Character.toUpperCase(t.charAt(t.length() - 1))) {
                case 'K' -> scale = 1_000L;
                case 'M' -> scale = 1_000_000L;
                case 'G' -> scale = 1_000_000_000L;
                default -> scale = 1;
            }
        }
        String digits = scale == 1 ? t : t.substring(0, t.length() - 1);
        try {
            double v = Double.parseDouble(digits) * scale;
            if (v < 0 || v > Long.MAX_VALUE || v != Math.rint(v) || digits.isEmpty()) {
                throw new NumberFormatException();
            }
            return (long) v;
        } catch (NumberFormatException e) {
            throw new UserError(name + "=" + text + " is not a count: use a whole number, optionally with K, M or G (e.g. 20M)");
        }
    }
}
