package org.foundryrelay.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.foundryrelay.json.Json;
import org.foundryrelay.testing.TestRelay;

/** The MCP Java SDK's own client, over real HTTP to a test relay's {@code /mcp}. */
public final class McpClients {
    private McpClients() {}

    /** A client sending {@code Authorization: Bearer <key>} (none when key is null); not yet initialised. */
    public static McpSyncClient bearer(TestRelay relay, String key) {
        var request = HttpRequest.newBuilder();
        if (key != null) request.header("Authorization", "Bearer " + key);
        var transport = HttpClientStreamableHttpTransport.builder(relay.uri("").toString())
                .endpoint("/mcp")
                .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                .requestBuilder(request)
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20))
                .initializationTimeout(Duration.ofSeconds(20)).build();
    }

    /** An initialised client for the key. */
    public static McpSyncClient connected(TestRelay relay, String key) {
        var client = bearer(relay, key);
        client.initialize();
        return client;
    }

    public static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
    }

    /** The tools a client is shown, by name. */
    public static Map<String, McpSchema.Tool> tools(McpSyncClient client) {
        return client.listTools().tools().stream().collect(Collectors.toMap(McpSchema.Tool::name, t -> t));
    }

    /** The result's structured content as JSON. */
    public static JsonNode structured(McpSchema.CallToolResult result) {
        return Json.MAPPER.valueToTree(result.structuredContent());
    }

    /** The result's first text content. */
    public static String text(McpSchema.CallToolResult result) {
        return result.content().stream().filter(c -> c instanceof McpSchema.TextContent)
                .map(c -> ((McpSchema.TextContent) c).text()).findFirst().orElse("");
    }
}
