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

    private final long relayPid;
    private final long worldsPid;
    private final List<Cpu> windows = new ArrayList<>();
    private ProcStats.Sample relay0, worlds0, bench0;
    private ProcStats.MachineSample machine0;

    CpuWindows(long relayPid, long worldsPid) {
        this.relayPid = relayPid;
        this.worldsPid = worldsPid;
    }

    @Override
    public void started(int window) {
        machine0 = ProcStats.machine();
        relay0 = ProcStats.read(relayPid);
        worlds0 = ProcStats.read(worldsPid);
        bench0 = ProcStats.self();
    }

    @Override
    public void ended(int window) {
        var machine = ProcStats.machine();
        var relay = ProcStats.read(relayPid);
        var worlds = ProcStats.read(worldsPid);
        var bench = ProcStats.self();
        long wall = relay.wallSince(relay0);
        windows.add(new Cpu(wall, relay.cpuSince(relay0), relay.sysSince(relay0), worlds.cpuSince(worlds0), bench.cpuSince(bench0),
                machine.coresBusySince(machine0, wall)));
    }

    List<Cpu> windows() {
        return windows;
    }
}
