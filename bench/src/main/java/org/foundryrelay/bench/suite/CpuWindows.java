package org.foundryrelay.bench.suite;

import java.util.ArrayList;
import java.util.List;
import org.foundryrelay.bench.http.HttpLoad;
import org.foundryrelay.bench.proc.ProcStats;

/**
 * Samples the CPU counters of the relay, the simulated worlds, this process and the whole machine at the
 * edges of each measured window, so every window's figures are split by who spent the CPU.
 */
final class CpuWindows implements HttpLoad.WindowHook {
    /** CPU seconds per party over one window, and the machine's busy cores over it. */
    record Cpu(long wallNanos, long relayNanos, long relaySysNanos, long worldsNanos, long benchNanos, double machineCores) {
        /** Cores busy with work other than these three processes (other people's builds, the kernel's own). */
        double otherCores() {
            double ours = (relayNanos + worldsNanos + benchNanos) / (double) wallNanos;
            return Math.max(0, machineCores - ours);
        }
    }

    private final long[] relayPids;
    private final long worldsPid;
    private final List<Cpu> windows = new ArrayList<>();
    private ProcStats.Sample[] relays0;
    private ProcStats.Sample worlds0, bench0;
    private ProcStats.MachineSample machine0;

    CpuWindows(long relayPid, long worldsPid) {
        this(worldsPid, new long[] {relayPid});
    }

    /** Counts the CPU of several relays together as the relays' (a cluster serving one call over two of them). */
    CpuWindows(long worldsPid, long... relayPids) {
        this.relayPids = relayPids;
        this.worldsPid = worldsPid;
    }

    @Override
    public void started(int window) {
        machine0 = ProcStats.machine();
        relays0 = java.util.Arrays.stream(relayPids).mapToObj(ProcStats::read).toArray(ProcStats.Sample[]::new);
        worlds0 = ProcStats.read(worldsPid);
        bench0 = ProcStats.self();
    }

    @Override
    public void ended(int window) {
        var machine = ProcStats.machine();
        long cpu = 0, sys = 0, wall = 0;
        for (int i = 0; i < relayPids.length; i++) {
            var relay = ProcStats.read(relayPids[i]);
            cpu += relay.cpuSince(relays0[i]);
            sys += relay.sysSince(relays0[i]);
            wall = relay.wallSince(relays0[i]);
        }
        var worlds = ProcStats.read(worldsPid);
        var bench = ProcStats.self();
        windows.add(new Cpu(wall, cpu, sys, worlds.cpuSince(worlds0), bench.cpuSince(bench0),
                machine.coresBusySince(machine0, wall)));
    }

    List<Cpu> windows() {
        return windows;
    }
}
