package org.foundryrelay.worldapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.foundryrelay.json.Json;
import org.foundryrelay.sim.protocol.ModuleEndpoint;
import org.foundryrelay.sim.protocol.WorldInfo;
import org.foundryrelay.sim.world.World;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.SimWorlds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Uploads (JSON and raw bytes), listings and downloads (bytes and base64), and what never reaches a world. */
class FilesTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0", "MAX_UPLOAD_SIZE_MB", "1"));

    /** A world that notes the type of every message the relay sends it. */
    record Recording(World world, List<String> types) implements ModuleEndpoint {
        public WorldInfo info() {
            return world.info();
        }

        public ObjectNode playerList() {
            return world.playerList();
        }

        public ObjectNode handle(ObjectNode message) {
            types.add(message.path("type").asText());
            return world.handle(message);
        }

        public void attach(Consumer<ObjectNode> outbox) {
            world.attach(outbox);
        }
    }

    private Recording world;

    private Calls connect(String account, String clientId) {
        world = new Recording(SimWorlds.world(clientId + "-w"), new CopyOnWriteArrayList<>());
        env.sims().connect(env.relay(), clientId, env.relay().connectionToken(account, clientId), world);
        return new Calls(env.relay(), env.relay().key(account, "file:read,file:write"));
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return Http.CLIENT_FOR_BYTES.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<byte[]> raw(String key, String query, byte[] body, String type) {
        return send(Http.builder(env.relay().uri("/upload" + query), "x-api-key", key, "Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpResponse<byte[]> download(String key, String query) {
        return send(Http.builder(env.relay().uri("/download" + query), "x-api-key", key).GET());
    }

    @Test
    void filesGoUpAsJsonOrRawBytesAndComeBackByteForByte() throws Exception {
        var api = connect("files", "fvtt_7000000000000001");
        var key = api.key();
        var text = "Hello, Phandalin!\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var json = api.post("/upload", "{\"path\":\"uploads\",\"filename\":\"hello.txt\",\"fileData\":\"data:text/plain;base64,"
                + Base64.getEncoder().encodeToString(text) + "\"}");
        assertThat(json.body().path("success").asBoolean()).as(json.text()).isTrue();
        assertThat(json.body().path("path").asText()).isEqualTo("uploads/hello.txt");

        var binary = new byte[700_001]; // not a multiple of the chunk size, nor of 3
        new SplittableRandom(11).nextBytes(binary);
        var up = raw(key, "?path=uploads/maps&filename=cave.bin", binary, "application/octet-stream");
        assertThat(up.statusCode()).as(new String(up.body())).isEqualTo(200);
        assertThat(Json.parse(new String(up.body())).path("path").asText()).isEqualTo("uploads/maps/cave.bin");

        var listing = api.get("/file-system?path=uploads&recursive=true");
        assertThat(listing.body().path("results").findValuesAsText("path"))
                .containsExactly("uploads/maps", "uploads/hello.txt", "uploads/maps/cave.bin");
        assertThat(listing.body().path("results").findValuesAsText("type")).containsExactly("directory", "file", "file");

        var bytes = download(key, "?path=uploads/maps/cave.bin");
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(bytes.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"cave.bin\"");
        assertThat(bytes.body()).isEqualTo(binary);

        var large = new byte[600_000]; // its data URL is sent to the world in pieces
        new SplittableRandom(12).nextBytes(large);
        var bigJson = api.post("/upload", "{\"path\":\"uploads\",\"filename\":\"large.bin\",\"fileData\":\"data:application/octet-stream;base64,"
                + Base64.getEncoder().encodeToString(large) + "\"}");
        assertThat(bigJson.body().path("success").asBoolean()).as(bigJson.text()).isTrue();
        assertThat(download(key, "?path=uploads/large.bin").body()).isEqualTo(large);

        var base64 = api.get("/download?path=uploads/hello.txt&format=base64");
        assertThat(base64.body().path("mimeType").asText()).isEqualTo("text/plain");
        var url = base64.body().path("fileData").asText();
        assertThat(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1))).isEqualTo(text);
        assertThat(download(key, "?path=uploads/hello.txt").body()).isEqualTo(text);
    }

    @Test
    void simultaneousUploadsAndCallsShareTheWorldsSocketWithoutMixingUp() throws Exception {
        var api = connect("concurrent", "fvtt_7000000000000004");
        var files = new java.util.ArrayList<byte[]>();
        var calls = new java.util.ArrayList<java.util.concurrent.CompletableFuture<Integer>>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                var bytes = new byte[300_000 + i];
                new SplittableRandom(i).nextBytes(bytes);
                files.add(bytes);
                int n = i;
                calls.add(java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> raw(api.key(), "?path=many&filename=f" + n + ".bin", bytes, "application/octet-stream").statusCode(), pool));
                calls.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> api.get("/file-system").status(), pool));
            }
            assertThat(calls.stream().map(java.util.concurrent.CompletableFuture::join)).containsOnly(200);
        }
        for (int i = 0; i < files.size(); i++) {
            assertThat(download(api.key(), "?path=many/f" + i + ".bin").body()).as("file %d", i).isEqualTo(files.get(i));
        }
    }

    @Test
    void traversalIsRefusedBeforeAnythingReachesTheWorld() {
        var api = connect("traversal", "fvtt_7000000000000002");
        var before = world.types().size();
        for (var path : List.of("../secrets", "worlds/../../etc", "/etc/passwd", "C:/Windows", "a%2F..%2F..%2Fb", "x%00y")) {
            var listed = api.get("/file-system?path=" + path.replace("%", "%25"));
            assertThat(listed.status()).as(path).isEqualTo(400);
            assertThat(listed.body().path("error").asText()).contains("'path' must be a relative path");
        }
        assertThat(api.get("/download?path=..%2F..%2Fetc%2Fpasswd").status()).isEqualTo(400);
        assertThat(api.get("/download?path=notes%00.txt").status()).isEqualTo(400);
        var upload = api.post("/upload", "{\"path\":\"ok\",\"filename\":\"../../evil.js\",\"fileData\":\"data:text/plain;base64,QQ==\"}");
        assertThat(upload.status()).isEqualTo(400);
        var rawUp = raw(api.key(), "?path=..&filename=x.bin", new byte[] {1, 2, 3}, "application/octet-stream");
        assertThat(rawUp.statusCode()).isEqualTo(400);
        assertThat(world.types().size()).as("nothing was sent to the world").isEqualTo(before);
    }

    @Test
    void anUploadOverTheLimitIs413WithoutReachingTheWorld() {
        var api = connect("too-big", "fvtt_7000000000000003");
        var big = new byte[1024 * 1024 + 1];
        // Expect: 100-continue, as careful clients send large bodies: the 413 comes before the body is sent, so a
        // refusal can never race the upload on the connection.
        var r = send(Http.builder(env.relay().uri("/upload?path=uploads&filename=big.bin"), "x-api-key", api.key(),
                "Content-Type", "application/octet-stream").expectContinue(true).POST(HttpRequest.BodyPublishers.ofByteArray(big)));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(new String(r.body())).isEqualTo("{\"error\":\"Upload too large (limit 1 MB)\"}");
        assertThat(world.types()).doesNotContain("upload-file");
        assertThat(api.get("/file-system?path=uploads").body().path("error").asText()).isEqualTo("Directory not found: uploads");
        var chunked = send(Http.builder(env.relay().uri("/upload?path=uploads&filename=c.bin"), "x-api-key", api.key(),
                "Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[10]))));
        assertThat(chunked.statusCode()).as("a raw upload must say its length").isEqualTo(411);
        assertThat(world.types()).doesNotContain("upload-file");
        // other routes keep the general body limit
        var notUpload = Http.send(Http.builder(env.relay().uri("/roll"), "x-api-key", api.key(), "Content-Type", "application/json")
                .expectContinue(true).POST(HttpRequest.BodyPublishers.ofString("{\"formula\":\"" + "1".repeat(11 * 1024 * 1024) + "\"}")).build());
        assertThat(notUpload.statusCode()).isEqualTo(413);
    }
}
