package org.foundryrelay.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.foundryrelay.testing.Pairings.json;
import static org.foundryrelay.testing.Pairings.pair;
import static org.foundryrelay.testing.Pairings.paired;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.foundryrelay.json.Json;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.StoreAccess;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The device flow end to end: the module asks, the operator decides from the CLI, the module polls and pairs. */
class DeviceFlowTest {
    static TestRelay relay;

    @BeforeAll
    static void start() {
        relay = TestRelay.start(Map.of("PAIRING_RATE_LIMIT", "0"));
        relay.cli("accounts", "create", "table");
        relay.cli("accounts", "create", "other");
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    private static HttpResponse<String> request(String body, String... headers) {
        return Http.post(relay.uri("/auth/pair-request"), body, headers);
    }

    private static String newRequest(String worldId, String title) {
        var body = Json.object().put("worldId", worldId).put("worldTitle", title).put("systemId", "dnd5e")
                .put("systemTitle", "Dungeons & Dragons Fifth Edition").put("systemVersion", "4.1.2")
                .put("foundryVersion", "13.348").put("serverFingerprint", "fp-" + worldId);
        var r = request(Json.write(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("code").asText();
    }

    private static HttpResponse<String> status(String code) {
        return Http.get(relay.uri("/auth/pair-request/" + code + "/status"));
    }

    private static JsonNode statusJson(String code) {
        var r = status(code);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    @Test
    void aRequestIsCreatedWithTheEstablishedShape() {
        var before = Instant.now();
        var r = request("{\"worldId\":\"lost-mines\",\"worldTitle\":\"Lost Mines\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        var body = json(r);
        var code = body.get("code").asText();
        assertThat(code).matches("[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{8}");
        assertThat(body.get("pairUrl").asText()).isEqualTo("http://127.0.0.1:" + relay.relay().port() + "/pair/" + code);
        assertThat(body.get("upgradeOnly").asBoolean()).isFalse();
        assertThat(body.get("expiresIn").asInt()).isEqualTo(600);
        var expiresAt = Instant.parse(body.get("expiresAt").asText());
        assertThat(expiresAt).isBetween(before.plusSeconds(599), Instant.now().plusSeconds(601));

        var proxied = json(request("{\"worldId\":\"w\"}", "X-Forwarded-Proto", "https"));
        assertThat(proxied.get("pairUrl").asText()).startsWith("https://127.0.0.1:");

        var missing = request("{\"worldTitle\":\"No id\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).isEqualTo("{\"error\":\"worldId is required\"}");
        assertThat(request("{oops").statusCode()).isEqualTo(400);
    }

    @Test
    void anOperatorMayApproveByTheListedIdWithoutEverSeeingTheCode() {
        var code = newRequest("tomb-of-annihilation", "Tomb of Annihilation");
        var listed = relay.cli("pair", "requests").out();
        var id = java.util.regex.Pattern.compile("(pr_[0-9a-f]+)\\s+\"Tomb of Annihilation\"").matcher(listed);
        assertThat(id.find()).as(listed).isTrue();
        var approve = relay.cli("pair", "approve", id.group(1), "--account", "table");
        assertThat(approve.exitCode()).as(approve.err()).isZero();
        var collected = statusJson(code);
        assertThat(collected.get("status").asText()).isEqualTo("approved");
        assertThat(collected.get("pairingCode").asText()).matches("[A-Z0-9]{6}");
    }

    @Test
    void approvedRequestsHandOutTheirCodeOnceAndItPairsTheWorld() {
        var code = newRequest("curse-of-strahd", "Curse of Strahd");
        assertThat(statusJson(code).toString()).isEqualTo("{\"status\":\"pending\"}");
        assertThat(statusJson(code.toLowerCase()).get("status").asText()).as("codes are case-insensitive").isEqualTo("pending");

        var listed = relay.cli("pair", "requests");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out()).as("listings show the request's id, never its code")
                .contains("pr_", "\"Curse of Strahd\"", "worldId=curse-of-strahd", "age=").doesNotContain(code);

        var approve = relay.cli("pair", "approve", code, "--account", "table");
        assertThat(approve.exitCode()).as(approve.err()).isZero();
        assertThat(approve.err()).contains("approved pair request " + code);
        assertThat(relay.cli("pair", "requests").out()).doesNotContain("Curse of Strahd");

        var approved = statusJson(code);
        assertThat(approved.get("status").asText()).isEqualTo("approved");
        var pairingCode = approved.get("pairingCode").asText();
        assertThat(pairingCode).matches("[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}");
        assertThat(approved.size()).isEqualTo(2);

        var exchanged = statusJson(code);
        assertThat(exchanged.get("status").asText()).isEqualTo("exchanged");
        assertThat(exchanged.get("message").asText()).isNotBlank();
        assertThat(exchanged.has("pairingCode")).as("the code is shown once").isFalse();

        var r = pair(relay, Map.of("code", pairingCode, "worldId", "curse-of-strahd", "worldTitle", "Curse of Strahd"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        var clientId = json(r).get("clientId").asText();
        assertThat(relay.cli("tokens", "list", "--account", "table").out()).contains(clientId);
        assertThat(relay.cli("pair", "approve", code, "--account", "table").exitCode())
                .as("a decided request cannot be approved again").isEqualTo(1);
    }

    @Test
    void aRequestCarryingTheAccountsClientIdIsBoundToThatWorld() {
        var existing = paired(relay, "table", Map.of("worldId", "rebind")).get("clientId").asText();
        var r = request(Json.write(Json.object().put("worldId", "rebind").put("clientId", existing)));
        var code = json(r).get("code").asText();
        assertThat(relay.cli("pair", "approve", code, "--account", "table").err()).contains("as world " + existing);
        var pairingCode = statusJson(code).get("pairingCode").asText();
        var paired = pair(relay, Map.of("code", pairingCode));
        assertThat(json(paired).get("clientId").asText()).isEqualTo(existing);
    }

    @Test
    void deniedRequestsSayDenied() {
        var code = newRequest("denied-world", "Denied");
        var deny = relay.cli("pair", "deny", code);
        assertThat(deny.exitCode()).isZero();
        assertThat(statusJson(code).toString()).isEqualTo("{\"status\":\"denied\"}");
        assertThat(relay.cli("pair", "deny", code).exitCode()).isEqualTo(1);
        assertThat(relay.cli("pair", "approve", code, "--account", "table").err()).contains("already denied");
    }

    @Test
    void expiredAndUnknownRequests() {
        var code = newRequest("slow-world", "Slow");
        StoreAccess.expirePairRequest(relay, code);
        var expired = status(code);
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(expired.body()).isEqualTo("{\"status\":\"expired\"}");
        var approve = relay.cli("pair", "approve", code, "--account", "table");
        assertThat(approve.exitCode()).isEqualTo(1);
        assertThat(approve.err()).contains("expired");

        var unknown = status("NOSUCH22");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"Pair request not found\"}");
        var cli = relay.cli("pair", "approve", "NOSUCH22", "--account", "table");
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("no pair request NOSUCH22");
    }

    @Test
    void upgradeOnlyRequestsNeedAWorldThatIsAlreadyPaired() {
        var clientId = paired(relay, "table", Map.of("worldId", "upgrade-me")).get("clientId").asText();
        var body = Json.write(Json.object().put("worldId", "upgrade-me").put("clientId", clientId).put("upgradeOnly", true));
        var created = json(request(body));
        assertThat(created.get("upgradeOnly").asBoolean()).isTrue();
        var code = created.get("code").asText();

        var wrongAccount = relay.cli("pair", "approve", code, "--account", "other");
        assertThat(wrongAccount.exitCode()).isEqualTo(1);
        assertThat(wrongAccount.err()).contains("World is not yet paired");
        assertThat(statusJson(code).get("status").asText()).isEqualTo("pending");

        assertThat(relay.cli("pair", "approve", code, "--account", "table").exitCode()).isZero();
        assertThat(statusJson(code).toString()).isEqualTo("{\"status\":\"approved\",\"upgraded\":true}");
        assertThat(statusJson(code).toString()).as("nothing is consumed").isEqualTo("{\"status\":\"approved\",\"upgraded\":true}");
    }

    @Test
    void thePairPageShowsTheApproveCommandAndEscapesWhatTheWorldSent() {
        var code = newRequest("xss", "<script>alert('x')</script> & Co");
        var page = Http.get(relay.uri("/pair/" + code));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body())
                .contains("pair approve " + code + " --account", "pair deny " + code, "Waiting for approval")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co")
                .doesNotContain("<script>")
                .doesNotContain("http://", "https://");

        relay.cli("pair", "approve", code, "--account", "table");
        assertThat(Http.get(relay.uri("/pair/" + code)).body()).contains("Approved").doesNotContain("pair approve");

        var unknown = Http.get(relay.uri("/pair/NOSUCH22"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("Unknown pair request");
    }
}
