package org.foundryrelay.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a process's CPU time and resident memory from {@code /proc}: the figures that belong to that
 * process alone, whatever else the machine is running.
 */
public final class ProcStats {
    /** Kernel clock ticks per second ({@code getconf CLK_TCK}); 100 on every Linux this runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcStats() {}

    /** One reading: user+system CPU so far (and the system part), resident set size and thread count. */
    public record Sample(long cpuNanos, long sysNanos, long rssBytes, int threads, long atNanos) {
        /** CPU time used between {@code earlier} and this sample. */
        public long cpuSince(Sample earlier) {
            return cpuNanos - earlier.cpuNanos;
        }

        /** The kernel's share of {@link #cpuSince}: system calls and the network stack working for the process. */
        public long sysSince(Sample earlier) {
            return sysNanos - earlier.sysNanos;
        }

        public long wallSince(Sample earlier) {
            return atNanos - earlier.atNanos;
        }
    }

    /** Reads {@code /proc/PID/stat} and {@code /proc/PID/status}. */
    public static Sample read(long pid) {
        try {
            long now = System.nanoTime();
            var stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            var status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            return new Sample(cpuNanosFromStat(stat), sysNanosFromStat(stat), kilobytes(status, "VmRSS:") * 1024,
                    (int) kilobytes(status, "Threads:"), now);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc for process " + pid + ": " + e.getMessage(), e);
        }
    }

    public static Sample self() {
        return read(ProcessHandle.current().pid());
    }

    /** utime + stime (fields 14 and 15) of a stat line, in nanoseconds. */
    static long cpuNanosFromStat(String stat) {
        // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
        var fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** stime (field 15) of a stat line, in nanoseconds. */
    static long sysNanosFromStat(String stat) {
        var fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[12]) * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** The numeric value of a {@code Name:   123 kB} line of /proc/PID/status (the number itself for counts). */
    static long kilobytes(String status, String name) {
        for (var line : status.split("\n")) {
            if (line.startsWith(name)) {
                var parts = line.substring(name.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        return 0;
    }

    /** Machine-wide busy and total jiffies from the first line of /proc/stat. */
    public record MachineSample(long busyTicks, long totalTicks) {
        /** Cores kept busy (by anything) between two readings. */
        public double coresBusySince(MachineSample earlier, long wallNanos) {
            double busySeconds = (busyTicks - earlier.busyTicks) / (double) TICKS_PER_SECOND;
            return busySeconds / (wallNanos / 1e9);
        }
    }

    public static MachineSample machine() {
        try {
            var first = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            var f = first.substring("cpu".length()).trim().split("\\s+");
            long[] v = new long[8]; // user nice system idle iowait irq softirq steal
            for (int i = 0; i < Math.min(f.length, v.length); i++) v[i] = Long.parseLong(f[i]);
            long busy = v[0] + v[1] + v[2] + v[5] + v[6];
            return new MachineSample(busy, busy + v[3] + v[4] + v[7]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat: " + e.getMessage(), e);
        }
    }

    /** The 1-minute load average. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
