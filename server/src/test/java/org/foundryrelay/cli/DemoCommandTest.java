package org.foundryrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.MainProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code relay demo} as a person runs it: it works as printed, a rerun reuses its key, Ctrl-C leaves nothing behind. */
class DemoCommandTest {
    @TempDir
    Path tmp;

    private record Demo(String base, String key, String text) {}

    /** Runs the demo until it has printed its instructions, checks the printed key works, then stops it as Ctrl-C does. */
    private Demo runOnce(Map<String, String> env, List<String> jvm) throws Exception {
        var process = MainProcess.start(env, jvm, "demo");
        var text = new StringBuilder();
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                text.append(line).append('\n');
                if (line.startsWith("Ctrl-C")) break;
            }
            var base = Pattern.compile("demo on (http://\\S+) ").matcher(text);
            var key = Pattern.compile("API key \\([^)]*\\): (\\S+)").matcher(text);
            assertThat(base.find()).as(text.toString()).isTrue();
            assertThat(key.find()).as(text.toString()).isTrue();
            var clients = Http.get(java.net.URI.create(base.group(1) + "/clients"), "x-api-key", key.group(1));
            assertThat(clients.statusCode()).isEqualTo(200);
            assertThat(clients.body()).contains("\"isOnline\":true");
            process.destroy(); // SIGTERM, as Ctrl-C ends it through the same shutdown hook
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return new Demo(base.group(1), key.group(1), text.toString());
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aRerunOnTheSameDataDirReusesTheKeyAndWorld() throws Exception {
        var env = Map.of("PORT", "0", "HOST", "127.0.0.1", "DATA_DIR", tmp.resolve("data").toString());
        var first = runOnce(env, List.of());
        var second = runOnce(env, List.of());
        assertThat(second.key()).isEqualTo(first.key());
        assertThat(second.text()).contains("the same as last time");
        var store = Files.readAllBytes(tmp.resolve("data").resolve("relay.db"));
        assertThat(new String(store, StandardCharsets.ISO_8859_1)).doesNotContain(first.key());
    }

    @Test
    void withoutDataDirItsTemporaryFolderIsRemovedOnStop() throws Exception {
        var scratch = Files.createDirectories(tmp.resolve("scratch"));
        runOnce(Map.of("PORT", "0", "HOST", "127.0.0.1"), List.of("-Djava.io.tmpdir=" + scratch));
        try (var left = Files.list(scratch)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("relay-demo")).toList()).isEmpty();
        }
    }
}
