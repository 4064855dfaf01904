package dev.telematics.vehicle;

/**
 * Doubles that are short decimals, held as an int mantissa and a scale: {@code v == m / 10^scale}
 * exactly, bit for bit (what parsing "251.3" or rounding to 1 decimal gives). Holding such values as ints
 * halves the memory of a history and changes no value. Pure functions; thread-safe.
 */
public final class IntDecimals {
    /** The largest scale tried (micro units: a latitude's sixth decimal). */
    public static final int MAX_SCALE = 6;
    /** Not a mantissa (outside an int). */
    public static final long NONE = Long.MIN_VALUE;
    private static final double[] POW10 = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};

    private IntDecimals() {
    }

    /** The smallest scale at which v is an int mantissa exactly, or -1 (NaN, infinities, -0.0, too long). */
    public static int minimalScale(double v) {
        for (int k = 0; k <= MAX_SCALE; k++) {
            if (exactAt(v, k)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * The int mantissa of v at scale k when v is exactly {@code mantissa / 10^k}, else {@link #NONE}
     * (the hot path: one multiplication, one rounding, one division).
     */
    public static long mantissaOrNone(double v, int k) {
        double p = POW10[k];
        double x = Math.rint(v * p);
        if (!(Math.abs(x) <= Integer.MAX_VALUE)) {
            return NONE; // also NaN
        }
        long m = (long) x; // checked as it will be read: an int has no -0.0
        return Double.doubleToRawLongBits(m / p) == Double.doubleToRawLongBits(v) ? m : NONE;
    }

    /** Whether v is exactly {@code mantissa(v, k) / 10^k} with the mantissa within an int. */
    public static boolean exactAt(double v, int k) {
        double x = v * POW10[k];
        if (!(Math.abs(x) <= Integer.MAX_VALUE)) {
            return false; // also NaN
        }
        return Double.doubleToRawLongBits(Math.round(x) / POW10[k]) == Double.doubleToRawLongBits(v);
    }

    /** v's mantissa at scale k (only when {@link #exactAt} holds). */
    public static int mantissa(double v, int k) {
        return (int) Math.round(v * POW10[k]);
    }

    public static double value(int mantissa, int k) {
        return mantissa / POW10[k];
    }

    /** 10^k as a whole number, 0 <= k <= MAX_SCALE. */
    public static long factor(int k) {
        return (long) POW10[k];
    }
}
