package org.foundryrelay.bench.suite;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.foundryrelay.bench.http.Requests;
import org.foundryrelay.bench.report.Fmt;
import org.foundryrelay.bench.report.Table;
import org.foundryrelay.bench.sse.Subscribers;
import org.foundryrelay.bench.stats.Summary;

/**
 * Event fan-out: many SSE subscribers on one world's rolls. The world's GM rolls in chat at a steady
 * pace; each roll's flavor carries the moment the module's hook fired, and the subscribers time when it
 * reached each of them. The figure that matters is when the last subscriber had it.
 */
final class FanoutBench {
    private static final double TARGET_P99_MS = 50;
    private static final long GAP_MILLIS = 50;

    private FanoutBench() {}

    static Section run(BenchEnv env) throws Exception {
        int n = env.options().subscribers();
        int events = env.options().events();
        // The default cap of 10 streams per world and channel protects small deployments; lift it here.
        try (var relay = env.relay("fanout", Map.of("SSE_MAX_STREAMS", Integer.toString(n + 10)))) {
            var key = Setup.apiKey(relay);
            var creds = Setup.issueTokens(relay, 1, relay.dataDir().resolve("worlds.txt"));
            var clientId = Setup.clientId(creds, 0);
            try (var worlds = env.worlds(relay, creds, 2)) {
                worlds.await("ready", Duration.ofSeconds(60), l -> { });
                var request = Requests.build("GET", "/rolls/subscribe?clientId=" + clientId, "127.0.0.1:" + relay.port(),
                        Map.of("x-api-key", key, "Accept", "text/event-stream"), null);
                var server = new InetSocketAddress(InetAddress.getLoopbackAddress(), relay.port());
                long t0 = System.nanoTime();
                try (var subs = Subscribers.open(server, request, n)) {
                    if (!subs.awaitSubscribed(n, Duration.ofSeconds(60))) {
                        throw new IllegalStateException("only " + subs.subscribed() + " of " + n + " subscribed; statuses "
                                + subs.statuses());
                    }
                    long subscribeMs = (System.nanoTime() - t0) / 1_000_000;
                    env.say("fan-out: %d subscribers in %d ms", n, subscribeMs);
                    Thread.sleep(500); // the world switches its roll hook on with the first subscription
                    // Warm-up events, left out of the figures: a fresh relay's first deliveries run interpreted.
                    int warmup = events / 2;
                    subs.measureFrom(warmup);
                    worlds.command("chat 0 " + warmup + " " + GAP_MILLIS + " 0");
                    worlds.await("chatted", Duration.ofSeconds(warmup * GAP_MILLIS / 1000 + 60), l -> { });
                    subs.awaitDelivered(warmup, n, Duration.ofSeconds(30));
                    var before = relay.sample();
                    worlds.command("chat 0 " + events + " " + GAP_MILLIS + " " + warmup);
                    worlds.await("chatted", Duration.ofSeconds(events * GAP_MILLIS / 1000 + 60), l -> { });
                    boolean all = subs.awaitDelivered(warmup + events, n, Duration.ofSeconds(30));
                    var after = relay.sample();
                    return render(env, subs, n, events, subscribeMs, all, after.cpuSince(before), after.rssBytes());
                }
            }
        }
    }

    private static Section render(BenchEnv env, Subscribers subs, int n, int events, long subscribeMs, boolean all,
                                  long relayCpuNanos, long rss) {
        var perEvent = subs.events();
        // The first events may land while the JIT is still cold; they are counted like the rest.
        var last = perEvent.stream().mapToLong(e -> e.lastLatencyMicros() * 1_000).sorted().toArray();
        var lastSummary = Summary.ofSorted(last);
        var each = subs.deliveries().summarize();
        long expected = (long) n * events;
        long delivered = perEvent.stream().mapToLong(Subscribers.EventDelivery::reached).sum();
        var table = new Table("subscribers", "events", "deliveries", "to the last subscriber p50 / p99 / max (ms)",
                "to each subscriber p50 / p99 (ms)", "relay CPU per event (ms)", "relay RSS (MB)", "subscribe all (ms)");
        table.row(n, perEvent.size() + " of " + events, Fmt.count(delivered) + " of " + Fmt.count(expected),
                Fmt.ms(lastSummary.p50()) + " / " + Fmt.ms(lastSummary.p99()) + " / " + Fmt.ms(lastSummary.max()),
                Fmt.ms(each.p50()) + " / " + Fmt.ms(each.p99()), Fmt.num(relayCpuNanos / 1e6 / Math.max(1, events), 2),
                Fmt.mb(rss), subscribeMs);
        boolean met = all && lastSummary.p99() <= TARGET_P99_MS * 1_000_000;
        var md = table.markdown() + "\n"
                + "One world, " + events + " chat rolls " + GAP_MILLIS + " ms apart after " + events / 2
                + " unrecorded warm-up rolls; latency runs from the module's hook"
                + " firing (stamped in the roll's flavor) to the subscriber reading the event off its socket."
                + " Target p99 ≤ " + (int) TARGET_P99_MS + " ms to the last subscriber: " + Fmt.verdict(met)
                + (all ? "" : " (not every event reached every subscriber)") + ".\n";
        return new Section("Event fan-out (SSE)", md, met);
    }
}
