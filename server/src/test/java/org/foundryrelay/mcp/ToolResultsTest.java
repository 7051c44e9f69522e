package org.foundryrelay.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Base64;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.json.Json;
import org.foundryrelay.routes.Route;
import org.junit.jupiter.api.Test;

/** Rows whose answer carries bytes: the bytes become image or resource content, the JSON keeps the rest. */
class ToolResultsTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
    private static final String B64 = Base64.getEncoder().encodeToString(PNG);

    private static Route row(Route.ReplyKind kind) {
        return Route.get("/picture", "picture").scope(Scope.SCENE_READ).group("t").summary("A picture").reply(kind).build();
    }

    @Test
    void anImageReplyBecomesImageContent() throws Exception {
        var body = Json.object().put("type", "picture-result").put("imageData", "data:image/jpeg;base64," + B64)
                .put("mimeType", "image/png").put("width", 4);
        var result = ToolResults.of(row(Route.ReplyKind.IMAGE), new RowCalls.Answer(200, body));
        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        var image = (McpSchema.ImageContent) result.content().getFirst();
        assertThat(image.mimeType()).as("the data URL's type wins").isEqualTo("image/jpeg");
        assertThat(Base64.getDecoder().decode(image.data())).isEqualTo(PNG);
        var rest = Json.MAPPER.valueToTree(result.structuredContent());
        assertThat(rest.path("width").asInt()).isEqualTo(4);
        assertThat(rest.path("imageData").asText()).doesNotContain(B64).contains(PNG.length + " bytes");
        assertThat(Json.parse(McpClients.text(result)).path("type").asText()).isEqualTo("picture-result");
    }

    @Test
    void aFileReplyBecomesAnEmbeddedBase64Resource() {
        var body = Json.object().put("success", true).put("path", "/worlds/x/notes.bin").put("fileData", B64)
                .put("mimeType", "application/octet-stream");
        var result = ToolResults.of(row(Route.ReplyKind.FILE), new RowCalls.Answer(200, body));
        var resource = (McpSchema.EmbeddedResource) result.content().getFirst();
        var blob = (McpSchema.BlobResourceContents) resource.resource();
        assertThat(blob.blob()).isEqualTo(B64);
        assertThat(blob.uri()).isEqualTo("foundry://files/worlds/x/notes.bin");
        assertThat(blob.mimeType()).isEqualTo("application/octet-stream");
    }

    @Test
    void aNestedImageAndAReplyWithoutBytesAndAnErrorAllStayReadable() {
        var nested = Json.object();
        nested.putObject("data").put("sceneId", "s1").put("imageData", "data:image/webp;base64," + B64);
        var image = ToolResults.of(row(Route.ReplyKind.IMAGE), new RowCalls.Answer(200, nested));
        assertThat(((McpSchema.ImageContent) image.content().getFirst()).mimeType()).isEqualTo("image/webp");

        var noBytes = ToolResults.of(row(Route.ReplyKind.IMAGE), new RowCalls.Answer(200, Json.object().put("success", true)));
        assertThat(noBytes.content().getFirst()).isInstanceOf(McpSchema.TextContent.class);

        var failed = ToolResults.of(row(Route.ReplyKind.IMAGE), new RowCalls.Answer(400, Json.error("No active scene")));
        assertThat(failed.isError()).isTrue();
        assertThat(McpClients.text(failed)).isEqualTo("No active scene");
    }
}
