package org.foundryrelay.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.foundryrelay.testing.Pairings.code;
import static org.foundryrelay.testing.Pairings.json;
import static org.foundryrelay.testing.Pairings.pair;
import static org.foundryrelay.testing.Pairings.paired;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.StoreAccess;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /auth/pair} over real HTTP: the answer, every refusal, and how a returning world keeps its id. */
class PairingTest {
    static TestRelay relay;

    @BeforeAll
    static void start() {
        relay = TestRelay.start(Map.of("PAIRING_RATE_LIMIT", "0"));
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    private static Map<String, String> fields(String... kv) {
        var m = new HashMap<String, String>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private static String clientIdOf(String account, String... kv) {
        return paired(relay, account, fields(kv)).get("clientId").asText();
    }

    @Test
    void aCodeIsExchangedForATokenAClientIdAndTheRelayUrl() {
        var code = code(relay, "shape");
        assertThat(code).matches("[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}");
        var r = pair(relay, fields("code", code.toLowerCase(), "worldId", "lost-mines", "worldTitle", "Lost Mines"),
                "User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        var body = json(r);
        assertThat(body.get("token").asText()).matches("[0-9a-f]{64}");
        assertThat(body.get("clientId").asText()).matches("fvtt_[0-9a-f]{16}");
        assertThat(body.get("relayUrl").asText()).isEqualTo("ws://127.0.0.1:" + relay.relay().port() + "/relay");
        assertThat(body.size()).isEqualTo(3);

        var listed = relay.cli("tokens", "list", "--account", "shape").out();
        assertThat(listed).contains("\"Firefox on Linux\"", "clientId=" + body.get("clientId").asText(), "source=pairing")
                .doesNotContain(body.get("token").asText());
    }

    @Test
    void behindATlsProxyTheRelayUrlIsWss() {
        var r = pair(relay, fields("code", code(relay, "tls"), "worldId", "w"), "X-Forwarded-Proto", "https");
        assertThat(json(r).get("relayUrl").asText()).isEqualTo("wss://127.0.0.1:" + relay.relay().port() + "/relay");
    }

    @Test
    void aCodeWorksOnce() {
        var code = code(relay, "once");
        assertThat(pair(relay, fields("code", code, "worldId", "w")).statusCode()).isEqualTo(200);
        var again = pair(relay, fields("code", code, "worldId", "w"));
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(again.body()).isEqualTo("{\"error\":\"Pairing code has already been used\"}");
    }

    @Test
    void twoBrowsersRacingWithOneCodeGetOneToken() throws Exception {
        var code = code(relay, "race");
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var barrier = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.Callable<Integer> exchange = () -> {
                barrier.await();
                return pair(relay, fields("code", code, "worldId", "w")).statusCode();
            };
            var statuses = new java.util.ArrayList<Integer>();
            for (var f : pool.invokeAll(java.util.List.of(exchange, exchange))) statuses.add(f.get());
            assertThat(statuses).containsExactlyInAnyOrder(200, 410);
        }
        assertThat(relay.cli("tokens", "list", "--account", "race").out().lines()).hasSize(1);
    }

    @Test
    void unknownExpiredAndIncompleteRequestsAreRefusedWithTheEstablishedTexts() {
        var unknown = pair(relay, fields("code", "ZZZZZZ", "worldId", "w"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"Invalid pairing code\"}");

        var noCode = pair(relay, fields("worldId", "w"));
        assertThat(noCode.statusCode()).isEqualTo(400);
        assertThat(noCode.body()).isEqualTo("{\"error\":\"Code is required\"}");
        assertThat(Http.post(relay.uri("/auth/pair"), "{\"code\":42}").body()).isEqualTo("{\"error\":\"Code is required\"}");

        var code = code(relay, "incomplete");
        var noWorld = pair(relay, fields("code", code));
        assertThat(noWorld.statusCode()).isEqualTo(400);
        assertThat(noWorld.body()).isEqualTo("{\"error\":\"worldId is required\"}");
        assertThat(pair(relay, fields("code", code, "worldId", "w")).statusCode())
                .as("a refused exchange does not spend the code").isEqualTo(200);

        var late = code(relay, "late");
        StoreAccess.expirePairingCode(relay, late);
        var expired = pair(relay, fields("code", late, "worldId", "w"));
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(expired.body()).isEqualTo("{\"error\":\"Pairing code has expired\"}");
    }

    @Test
    void malformedBodiesAreJson400s() {
        var r = Http.post(relay.uri("/auth/pair"), "{not json");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("{\"error\":\"Invalid JSON body");
        assertThat(Http.post(relay.uri("/auth/pair"), "[1,2]").statusCode()).isEqualTo(400);
        var huge = Http.post(relay.uri("/auth/pair"), "{\"code\":\"AAAAAA\",\"worldTitle\":\"" + "x".repeat(600) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(huge.body()).contains("worldTitle is too long");
    }

    @Test
    void aBoundCodeAddsABrowserToItsWorldWithoutAWorldId() {
        var first = clientIdOf("bound", "worldId", "w1", "serverOrigin", "http://a:30000");
        var code = code(relay, "bound", "--client", first);
        var r = pair(relay, fields("code", code, "serverOrigin", "http://elsewhere:1"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("clientId").asText()).isEqualTo(first);
    }

    @Test
    void theModulesExistingClientIdIsKeptWhenItIsThisAccountsWorld() {
        var first = clientIdOf("existing", "worldId", "w-old", "serverFingerprint", "fp-existing-1");
        var again = clientIdOf("existing", "worldId", "w-renamed", "existingClientId", first);
        assertThat(again).isEqualTo(first);

        var foreign = clientIdOf("existing-other", "worldId", "w-foreign");
        var stolen = clientIdOf("existing", "worldId", "w-mine", "existingClientId", foreign);
        assertThat(stolen).as("another account's id is never reused").isNotEqualTo(foreign).startsWith("fvtt_");
    }

    @Test
    void theServerFingerprintRecognisesARenamedWorld() {
        var first = clientIdOf("fingerprint", "worldId", "w-a", "serverFingerprint", "fp-42", "serverOrigin", "http://h:30000");
        assertThat(clientIdOf("fingerprint", "worldId", "w-b", "serverFingerprint", "fp-42", "serverOrigin", "http://h:30000"))
                .isEqualTo(first);
        assertThat(clientIdOf("fingerprint", "worldId", "w-c", "serverFingerprint", "fp-42"))
                .as("an unknown origin is consistent").isEqualTo(first);
        assertThat(clientIdOf("fingerprint", "worldId", "w-d", "serverFingerprint", "fp-42", "serverOrigin", "http://h:30001"))
                .as("the same fingerprint from another origin is another server").isNotEqualTo(first);
    }

    @Test
    void theWorldIdAndOriginRecogniseAWorldAndADifferentOriginMakesANewOne() {
        var first = clientIdOf("worldid", "worldId", "shared", "serverOrigin", "http://host:30000");
        assertThat(clientIdOf("worldid", "worldId", "shared", "serverOrigin", "http://host:30000")).isEqualTo(first);
        var second = clientIdOf("worldid", "worldId", "shared", "serverOrigin", "http://host:30001");
        assertThat(second).as("same worldId on another Foundry server").isNotEqualTo(first);
        assertThat(clientIdOf("worldid", "worldId", "shared", "serverOrigin", "http://host:30001")).isEqualTo(second);

        var unknownOrigin = clientIdOf("worldid", "worldId", "quiet");
        assertThat(clientIdOf("worldid", "worldId", "quiet", "serverOrigin", "http://late:30000/path"))
                .as("a non-bare origin counts as unknown").isEqualTo(unknownOrigin);
        assertThat(clientIdOf("worldid", "worldId", "quiet", "serverOrigin", "http://late:30000"))
                .as("a stored world without an origin matches by worldId").isEqualTo(unknownOrigin);
        assertThat(clientIdOf("worldid", "worldId", "quiet"))
                .as("once the origin is stored, a worldId alone no longer matches").isNotEqualTo(unknownOrigin);
    }

    @Test
    void theTokenIsStoredOnlyAsAHash() throws Exception {
        var token = paired(relay, "hashonly", fields("worldId", "w")).get("token").asText();
        var dir = relay.dataDir();
        var all = new StringBuilder(new String(Files.readAllBytes(dir.resolve("relay.db")), StandardCharsets.ISO_8859_1));
        var wal = dir.resolve("relay.db-wal");
        if (Files.exists(wal)) all.append(new String(Files.readAllBytes(wal), StandardCharsets.ISO_8859_1));
        assertThat(all.toString()).doesNotContain(token).contains(Secrets.sha256(token));
    }

    @Test
    void aPairedWorldIsKnownToTheActiveProbe() {
        var clientId = clientIdOf("probe", "worldId", "w");
        var known = Http.get(relay.uri("/api/clients/" + clientId + "/active"));
        assertThat(known.statusCode()).isEqualTo(200);
        assertThat(known.body()).isEqualTo("{\"active\":false}");
        var unknown = Http.get(relay.uri("/api/clients/fvtt_ffffffffffffffff/active"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"Unknown clientId\"}");
    }

    @Test
    void selfUnpairRevokesTheTokenAndAlwaysAnswers200() {
        var token = paired(relay, "unpair", fields("worldId", "w")).get("token").asText();
        assertThat(relay.cli("tokens", "list", "--account", "unpair").out()).contains("source=pairing");

        var r = Http.post(relay.uri("/api/self-unpair"), "{\"token\":\"" + token + "\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"success\":true,\"message\":\"Unpaired successfully\"}");
        assertThat(relay.cli("tokens", "list", "--account", "unpair").out()).isEmpty();

        var again = Http.post(relay.uri("/api/self-unpair"), "{\"token\":\"" + token + "\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo("{\"success\":true,\"message\":\"Token not found; nothing to clean up\"}");

        for (var bad : new String[] {"{}", "{\"token\":7}", "{\"token\":\"\"}", ""}) {
            var missing = Http.post(relay.uri("/api/self-unpair"), bad);
            assertThat(missing.statusCode()).as(bad).isEqualTo(400);
            assertThat(missing.body()).isEqualTo("{\"error\":\"Missing token\"}");
        }
    }
}
