package dev.telematics.simulator;

/**
 * Deterministic pseudo-random numbers: a pure hash (SplitMix64 finaliser) of its inputs, so the same
 * (seed, vehicle, channel, time) always gives the same number, on any thread, in any order.
 */
final class Noise {
    private Noise() {
    }

    /** A number in [0, 1) fixed by the inputs. */
    static double unit(long seed, int vehicle, int channel, long time) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h + vehicle * 0xBF58476D1CE4E5B9L);
        h = mix(h + channel * 0x94D049BB133111EBL);
        h = mix(h + time);
        return (h >>> 11) * 0x1.0p-53;
    }

    /** A number in [-1, 1) fixed by the inputs. */
    static double symmetric(long seed, int vehicle, int channel, long time) {
        return unit(seed, vehicle, channel, time) * 2 - 1;
    }

    /** A number in [min, max) fixed by seed, vehicle and channel: a per-vehicle constant. */
    static double between(long seed, int vehicle, int channel, double min, double max) {
        return min + (max - min) * unit(seed, vehicle, channel, -1);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
