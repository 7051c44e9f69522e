package org.foundryrelay.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.json.Json;
import org.foundryrelay.routes.RouteTable;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with a client written elsewhere: the official TypeScript MCP SDK (pinned by the
 * package-lock under test resources, installed with {@code npm ci}), run by the machine's Node, connects
 * over Streamable HTTP, lists the tools and calls one.
 */
class McpTypeScriptClientTest {
    static final String CLIENT = "fvtt_5000000000000002";
    static TestRelay relay;
    static SimWorlds sims;
    static Path clientDir;

    @BeforeAll
    static void start() throws Exception {
        clientDir = install();
        relay = TestRelay.start();
        sims = new SimWorlds();
        sims.connect(relay, "mcp-ts", CLIENT);
    }

    @AfterAll
    static void stop() {
        if (sims != null) sims.close();
        if (relay != null) relay.close();
    }

    @Test
    void theTypeScriptClientListsTheKeysToolsAndRolls() throws Exception {
        var key = relay.key("mcp-ts", "roll:execute,roll:read");
        var out = run(key, "roll", "{\"formula\":\"1d1+2\"}");
        assertThat(out.has("error")).as(out.toString()).isFalse();
        assertThat(out.at("/server/name").asText()).isEqualTo("foundry-relay");
        assertThat(out.path("sessionId").isNull()).as("stateless: no session id").isTrue();

        var names = new ArrayList<String>();
        out.path("tools").forEach(t -> names.add(t.path("name").asText()));
        var expected = new ArrayList<String>(RouteTable.all().stream()
                .filter(r -> Set.of(Scope.ROLL_EXECUTE, Scope.ROLL_READ).contains(r.scope())).map(RouteTools::name).toList());
        expected.add("recent_events");
        assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
        for (var t : out.path("tools")) {
            if (t.path("name").asText().equals("rolls")) assertThat(t.at("/annotations/readOnlyHint").asBoolean()).isTrue();
            if (t.path("name").asText().equals("roll")) assertThat(t.at("/annotations/readOnlyHint").asBoolean(true)).isFalse();
        }

        var result = out.path("result");
        assertThat(result.path("isError").asBoolean(false)).as(result.toString()).isFalse();
        assertThat(result.at("/structuredContent/data/roll/total").asInt()).isEqualTo(3);
        assertThat(Json.parse(result.at("/content/0/text").asText()).at("/data/roll/formula").asText()).isEqualTo("1d1+2");
    }

    @Test
    void aWrongKeyIsRefusedWith401() throws Exception {
        var out = run("not-a-key", "roll", "{\"formula\":\"1d1\"}");
        assertThat(out.path("status").asInt()).as(out.toString()).isEqualTo(401);
        assertThat(out.path("error").asText()).contains("Invalid API key");
    }

    private static JsonNode run(String key, String tool, String args) throws Exception {
        var process = new ProcessBuilder("node", "client.mjs", relay.uri("/mcp").toString(), key, tool, args)
                .directory(clientDir.toFile()).redirectErrorStream(false).start();
        var stdout = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the TypeScript client did not finish");
        }
        var text = new String(stdout, StandardCharsets.UTF_8).trim();
        var err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return Json.parse(text.lines().reduce((a, b) -> b).orElse(""));
        } catch (Exception e) {
            throw new AssertionError("unreadable client output: " + text + "\n" + err, e);
        }
    }

    /**
     * Copies the client project to {@code target/mcp-ts-client} and installs exactly the locked packages
     * (from npm's cache when it has them); skipped when that lock is already installed there.
     */
    private static Path install() throws IOException, InterruptedException, URISyntaxException {
        var source = Path.of(McpTypeScriptClientTest.class.getResource("/mcp-ts-client/package.json").toURI()).getParent();
        var dir = Path.of("target", "mcp-ts-client").toAbsolutePath();
        Files.createDirectories(dir);
        for (var name : List.of("package.json", "package-lock.json", "client.mjs")) {
            Files.copy(source.resolve(name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        var installedLock = dir.resolve("node_modules/.package-lock.json");
        if (Files.exists(installedLock) && Files.exists(dir.resolve("node_modules/@modelcontextprotocol/sdk/package.json"))) {
            return dir;
        }
        var npm = new ProcessBuilder("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        var log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            throw new AssertionError("npm ci failed (Node and npm come from scripts/test-prereqs):\n" + log);
        }
        return dir;
    }
}
