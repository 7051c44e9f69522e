package org.foundryrelay.sim.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void moduleScheduleDoublesFromOneSecondUpToThirty() {
        var backoff = ConnectionOptions.DEFAULTS.backoff();
        var seconds = IntStream.rangeClosed(1, 20)
                .mapToObj(n -> backoff.delayFor(n).orElseThrow().toSeconds())
                .toList();
        assertThat(seconds).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L, 30L, 30L,
                30L, 30L, 30L, 30L, 30L, 30L, 30L, 30L, 30L, 30L);
    }

    @Test
    void givesUpAfterTwentyAttempts() {
        var backoff = ConnectionOptions.DEFAULTS.backoff();
        assertThat(backoff.delayFor(20)).contains(Duration.ofSeconds(30));
        assertThat(backoff.delayFor(21)).isEmpty();
    }

    @Test
    void largeAttemptNumbersDoNotOverflow() {
        var backoff = new Backoff(Duration.ofDays(1), Duration.ofDays(2), Integer.MAX_VALUE);
        assertThat(backoff.delayFor(1000)).contains(Duration.ofDays(2));
        assertThat(new Backoff(Duration.ofMillis(10), Duration.ofMillis(25), 5).delayFor(3))
                .contains(Duration.ofMillis(25));
    }

    @Test
    void attemptsStartAtOne() {
        assertThatThrownBy(() -> ConnectionOptions.DEFAULTS.backoff().delayFor(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsAreTheModules() {
        var d = ConnectionOptions.DEFAULTS;
        assertThat(d.pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.duplicateRetryDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.reconnectMaxAttempts()).isEqualTo(20);
    }
}
