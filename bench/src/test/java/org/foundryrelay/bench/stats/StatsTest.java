package org.foundryrelay.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void nearestRankPercentiles() {
        var l = new Latencies(4);
        for (long v = 100; v >= 1; v--) l.add(v); // unsorted on purpose, and past the initial capacity
        var s = l.summarize();
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50()).isEqualTo(50);
        assertThat(s.p90()).isEqualTo(90);
        assertThat(s.p99()).isEqualTo(99);
        assertThat(s.max()).isEqualTo(100);
    }

    @Test
    void smallSamplesRoundUpToAnExistingSample() {
        long[] sorted = {10, 20, 30};
        assertThat(Summary.rank(sorted, 50)).isEqualTo(20);
        assertThat(Summary.rank(sorted, 99)).isEqualTo(30);
        assertThat(Summary.rank(sorted, 0)).isEqualTo(10);
        assertThat(Summary.ofSorted(new long[0])).isEqualTo(Summary.EMPTY);
        assertThatThrownBy(() -> Summary.rank(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mergingKeepsEverySample() {
        var a = new Latencies();
        var b = new Latencies();
        a.add(1);
        b.add(3);
        b.add(2);
        a.addAll(b);
        assertThat(a.summarize().max()).isEqualTo(3);
        assertThat(a.count()).isEqualTo(3);
        a.clear();
        assertThat(a.count()).isZero();
    }

    @Test
    void spreadIsMedianAndRange() {
        assertThat(Spread.of(3, 1, 2).format(1)).isEqualTo("2.0 (1.0–3.0)");
        assertThat(Spread.of(4, 1, 2, 3).median()).isEqualTo(2.5);
        assertThat(Spread.of(7).format(0)).isEqualTo("7");
        assertThat(Spread.of(java.util.List.of()).format(0)).isEqualTo("–");
    }
}
