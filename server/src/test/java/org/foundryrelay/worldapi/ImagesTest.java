package org.foundryrelay.worldapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import javax.imageio.ImageIO;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.SimWorlds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scene screenshots and sheets arrive as real images of the size their headers state. */
class ImagesTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0"));

    private String connect(String account, String clientId) {
        env.sims().connect(env.relay(), clientId, env.relay().connectionToken(account, clientId), SimWorlds.world(clientId + "-w"));
        return env.relay().key(account, "scene:read,sheet:read");
    }

    private static HttpResponse<byte[]> bytes(String uri, String key) {
        try {
            return Http.CLIENT_FOR_BYTES.send(Http.builder(java.net.URI.create(uri), "x-api-key", key).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertImage(HttpResponse<byte[]> r, String type, String format, int width, int height) throws IOException {
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(type);
        assertThat(r.headers().firstValue("X-Image-Width")).hasValue(Integer.toString(width));
        assertThat(r.headers().firstValue("X-Image-Height")).hasValue(Integer.toString(height));
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(r.body()))) {
            var readers = ImageIO.getImageReaders(in);
            assertThat(readers.hasNext()).as("a decodable image").isTrue();
            var reader = readers.next();
            assertThat(reader.getFormatName().toLowerCase(java.util.Locale.ROOT)).isEqualTo(format);
        }
        var image = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
    }

    @Test
    void theSceneScreenshotIsAPngOrAJpegOfTheStatedSize() throws Exception {
        var key = connect("images", "fvtt_6000000000000001");
        var base = env.relay().uri("/scene/image").toString();
        assertImage(bytes(base + "?width=600&height=400", key), "image/png", "png", 600, 400);
        assertImage(bytes(base + "?format=jpeg&quality=0.5", key), "image/jpeg", "jpeg", 1024, 683);
        var notViewed = Http.get(env.relay().uri("/scene/image?sceneId=NoDxQshIISj3bb56"), "x-api-key", key);
        assertThat(notViewed.statusCode()).isEqualTo(400);
        assertThat(notViewed.body()).contains("Scene 'Triboar Trail' is not the currently viewed scene. Switch to it first.");
        var badFormat = Http.get(env.relay().uri("/scene/image?format=gif"), "x-api-key", key);
        assertThat(badFormat.statusCode()).isEqualTo(400);
        assertThat(badFormat.body()).isEqualTo("{\"error\":\"'format' must be png or jpeg\"}");
    }

    @Test
    void theSheetIsAnImageAndTheRawBackgroundIsJson() throws Exception {
        var key = connect("sheets", "fvtt_6000000000000002");
        assertImage(bytes(env.relay().uri("/sheet?uuid=Actor.kHvRwMzzuVtYkwMJ").toString(), key), "image/png", "png", 480, 320);
        assertImage(bytes(env.relay().uri("/sheet?uuid=Actor.FrCfZ4U2EqkNk6sE&scale=0.5&format=jpeg").toString(), key),
                "image/jpeg", "jpeg", 240, 160);
        var missing = Http.get(env.relay().uri("/sheet"), "x-api-key", key);
        assertThat(missing.body()).isEqualTo("{\"error\":\"Either 'uuid' or 'selected' is required\"}");
        var hidden = Http.get(env.relay().uri("/sheet?uuid=Actor.r6f4gUy0BQ8DEoFo&userId=Alice"), "x-api-key", key);
        assertThat(hidden.statusCode()).isEqualTo(400);
        assertThat(hidden.body()).contains("User 'Alice' does not have permission to view this sheet");

        var raw = Http.get(env.relay().uri("/scene/image/raw"), "x-api-key", key);
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        var data = org.foundryrelay.json.Json.parse(raw.body()).path("data");
        assertThat(data.path("sceneName").asText()).isEqualTo("Cragmaw Hideout");
        var url = data.path("imageData").asText();
        assertThat(url).startsWith("data:image/png;base64,");
        var image = ImageIO.read(new ByteArrayInputStream(java.util.Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1))));
        assertThat(image.getWidth()).isEqualTo(1024);
    }
}
