package dev.telematics.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The whole machine's CPU time from Linux's /proc/stat, to tell whether a benchmark saturated the cores. */
final class MachineCpu {
    private MachineCpu() {
    }

    /** {busy, total} jiffies over all cores, or {0, 0} where /proc/stat cannot be read. */
    static long[] read() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user .. steal; guest time is inside user already
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0); // idle + iowait
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** Busy share of all cores between two readings, in percent, or -1 when unknown. */
    static long busyPercent(long[] before, long[] after) {
        long total = after[1] - before[1];
        return total <= 0 ? -1 : Math.round(100.0 * (after[0] - before[0]) / total);
    }
}
