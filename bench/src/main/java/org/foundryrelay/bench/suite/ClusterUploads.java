package org.foundryrelay.bench.suite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.foundryrelay.bench.proc.RelayProcess;
import org.foundryrelay.bench.report.Fmt;
import org.foundryrelay.bench.report.Table;

/**
 * Raw uploads to a world held by the first relay, sent to it directly and through the second relay (whose
 * bytes cross Redis in bounded pieces): throughput and both relays' CPU per MB.
 */
final class ClusterUploads {
    private static final int MB = 1024 * 1024;
    private static final int SIZE_MB = 16;
    private static final int ROUNDS = 3;

    private ClusterUploads() {}

    private record Route(String name, RelayProcess via, List<Double> mbPerSecond, List<Double> cpuMsPerMb) {}

    static String run(BenchEnv env, RelayProcess holder, RelayProcess other, String key, String clientId) throws Exception {
        var body = new byte[SIZE_MB * MB];
        new SplittableRandom(5).nextBytes(body);
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var routes = List.of(new Route("direct (relay holding the world)", holder, new ArrayList<>(), new ArrayList<>()),
                new Route("through a second relay (pieces over Redis)", other, new ArrayList<>(), new ArrayList<>()));
        for (var r : routes) upload(http, r.via(), key, clientId, body, "warm"); // JIT and connections
        for (int round = 0; round < ROUNDS; round++) {
            // Alternating: a burst of other load on the machine hits both routes alike.
            for (var r : routes) {
                var holder0 = holder.sample();
                var other0 = other.sample();
                long started = System.nanoTime();
                upload(http, r.via(), key, clientId, body, "r" + round);
                double seconds = (System.nanoTime() - started) / 1e9;
                double cpuMs = (holder.sample().cpuSince(holder0) + other.sample().cpuSince(other0)) / 1e6;
                r.mbPerSecond().add(SIZE_MB / seconds);
                r.cpuMsPerMb().add(cpuMs / SIZE_MB);
            }
        }
        var table = new Table("upload route", "MB/s (median of " + ROUNDS + ")", "relays' CPU ms per MB (both)");
        for (var r : routes) {
            table.row(r.name(), Fmt.num(median(r.mbPerSecond()), 1), Fmt.num(median(r.cpuMsPerMb()), 1));
            env.say("cluster uploads %s: %s MB/s, %s ms CPU/MB", r.name(), Fmt.num(median(r.mbPerSecond()), 1),
                    Fmt.num(median(r.cpuMsPerMb()), 1));
        }
        return table.markdown() + "\nUploads: " + SIZE_MB + " MB of raw bytes per `POST /upload`, to a simulated world "
                + "on the first relay, which stores it in memory.\n\n";
    }

    private static void upload(HttpClient http, RelayProcess via, String key, String clientId, byte[] body, String name)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + via.port() + "/upload?clientId=" + clientId
                        + "&path=bench&filename=" + name + ".bin&overwrite=true"))
                .header("x-api-key", key).header("Content-Type", "application/octet-stream")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        var r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("upload through " + via.port() + " answered " + r.statusCode() + ": " + r.body());
    }

    private static double median(List<Double> values) {
        var sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
