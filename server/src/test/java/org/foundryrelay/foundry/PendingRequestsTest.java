package org.foundryrelay.foundry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timeouts of requests waiting for a world, on the relay's own timer pool. */
class PendingRequestsTest {
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    private final PendingRequests pending;
    private final WorldSocket world = new WorldSocket(new WorldSocket.Listener() {
        @Override
        public void opened(WorldSocket socket) {}

        @Override
        public void unauthenticated(WorldSocket socket, String text) {}

        @Override
        public void received(WorldSocket socket, String text) {}

        @Override
        public void closed(WorldSocket socket, int code, String reason) {}
    }, "fvtt_0000000000000001", new WorldMeta(null, null, null, null, null, null, null, null), 16,
            Clock.systemUTC(), "127.0.0.1");

    PendingRequestsTest() {
        timers.setRemoveOnCancelPolicy(true);
        pending = new PendingRequests(Clock.systemUTC(), timers);
    }

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void anAnsweredRequestLeavesNoTimeoutBehind() {
        for (int i = 0; i < 1_000; i++) {
            var id = pending.newId("roll");
            var reply = pending.await(id, world, 60_000);
            assertThat(pending.complete(id, world, new Reply(200, "{}"))).isTrue();
            assertThat(reply.join().status()).isEqualTo(200);
        }
        // A timeout left scheduled would hold its request for a minute: at thousands of calls a second, memory
        // and a wake-up each for nothing.
        assertThat(timers.getQueue()).isEmpty();
        assertThat(pending.size()).isZero();
        assertThat(world.pendingIds()).isEmpty();
    }

    @Test
    void aRequestMadeWhileTheRelayStopsEndsWith503AtOnce() {
        timers.shutdownNow();
        var id = pending.newId("roll");
        var reply = pending.await(id, world, 60_000).join();
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.body()).contains("Relay is stopping");
        assertThat(pending.size()).isZero();
        assertThat(world.pendingIds()).isEmpty();
    }

    @Test
    void anUnansweredRequestEndsWith408AtItsTimeoutAndALateAnswerIsIgnored() throws Exception {
        var id = pending.newId("roll");
        long start = System.nanoTime();
        var reply = pending.await(id, world, 200);
        var timedOut = reply.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(timedOut.status()).isEqualTo(408);
        assertThat(timedOut.body()).contains("Request timed out");
        assertThat(pending.complete(id, world, new Reply(200, "{}"))).isFalse();
        assertThat(pending.size()).isZero();
        assertThat(world.pendingIds()).isEmpty();
    }
}
