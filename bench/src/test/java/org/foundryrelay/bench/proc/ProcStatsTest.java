package org.foundryrelay.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatsTest {
    @Test
    void cpuComesFromUtimeAndStimeEvenWithSpacesInTheName() {
        var stat = "1234 (java (relay) x) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 100 0 0";
        assertThat(ProcStats.cpuNanosFromStat(stat)).isEqualTo(3_000_000_000L);
        assertThat(ProcStats.sysNanosFromStat(stat)).isEqualTo(500_000_000L);
    }

    @Test
    void statusValuesAreRead() {
        var status = "Name:\tjava\nVmRSS:\t  204800 kB\nThreads:\t42\n";
        assertThat(ProcStats.kilobytes(status, "VmRSS:")).isEqualTo(204800);
        assertThat(ProcStats.kilobytes(status, "Threads:")).isEqualTo(42);
        assertThat(ProcStats.kilobytes(status, "VmSwap:")).isZero();
    }

    @Test
    void ownProcessCanBeSampled() {
        var s = ProcStats.self();
        assertThat(s.rssBytes()).isPositive();
        assertThat(s.threads()).isPositive();
    }

    @Test
    void jstatColumnsAreSummed() {
        var jstat = """
                 S0C         S1C         S0U         S1U          EC           EU           OC           OU          MC         MU       CCSC      CCSU     YGC     YGCT     FGC    FGCT     CGC    CGCT       GCT
                     1024.0      1024.0         0.0       512.0       8192.0       4096.0      20480.0      10240.0    40960.0    39936.0    5120.0    4608.0      3     0.010     1     0.050     -        -     0.060
                """;
        var heap = Heap.parse(jstat);
        assertThat(heap.usedBytes()).isEqualTo((512 + 4096 + 10240) * 1024L);
        assertThat(heap.committedBytes()).isEqualTo((1024 + 1024 + 8192 + 20480) * 1024L);
        assertThat(heap.metaspaceBytes()).isEqualTo(39936 * 1024L);
        assertThat(heap.collections()).isEqualTo(4);
        assertThat(heap.gcSeconds()).isEqualTo(0.06);
    }
}
