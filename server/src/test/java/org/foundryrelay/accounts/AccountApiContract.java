package org.foundryrelay.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.foundryrelay.json.Json;
import org.foundryrelay.sim.protocol.ModuleConnection;
import org.foundryrelay.testing.AccountApi;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.Pairings;
import org.foundryrelay.testing.RelayExtension;
import org.junit.jupiter.api.Test;

/**
 * The established {@code /auth/*} account API end to end over real HTTP, against a real relay and simulated
 * worlds. Run once per store (SQLite and PostgreSQL) by the subclasses.
 */
abstract class AccountApiContract {
    static final String PASSWORD = "Correct-Horse-9";
    private static final AtomicInteger SEQ = new AtomicInteger();

    abstract RelayExtension env();

    AccountApi api() {
        return new AccountApi(env().relay());
    }

    /** A fresh email; the account's name is its local part. */
    static String email(String who) {
        return who + SEQ.incrementAndGet() + "@example.com";
    }

    static String name(String email) {
        return email.substring(0, email.indexOf('@'));
    }

    private ModuleConnection world(String email, String clientId) {
        return env().sims().connect(env().relay(), name(email), clientId);
    }

    private int roll(String key) {
        return Http.post(env().relay().uri("/roll"), "{\"formula\":\"1d1+4\"}", "x-api-key", key).statusCode();
    }

    @Test
    void registerLoginUserDataAndLogout() {
        var email = email("reg");
        var reg = api().call("POST", "/auth/register", null, Json.object().put("email", email).put("password", PASSWORD));
        assertThat(reg.status()).isEqualTo(201);
        assertThat(reg.body().path("sessionToken").asText()).hasSize(64);
        assertThat(reg.body().has("apiKey")).isFalse();
        assertThat(api().call("POST", "/auth/register", null, Json.object().put("email", email).put("password", PASSWORD)).error())
                .isEqualTo("User already exists");
        assertThat(api().call("POST", "/auth/register", null, Json.object().put("email", email("weak")).put("password", "short")).error())
                .isEqualTo("Password must be at least 8 characters long");

        var login = api().login(email.toUpperCase(), PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body().path("role").asText()).isEqualTo("user");
        var token = login.body().path("sessionToken").asText();
        var me = api().call("GET", "/auth/user-data", token, null);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().path("email").asText()).isEqualTo(email);

        assertThat(api().call("POST", "/auth/logout", token, null).body().path("success").asBoolean()).isTrue();
        assertThat(api().call("GET", "/auth/user-data", token, null).error()).isEqualTo("Invalid or expired session. Please log in again.");
        assertThat(api().login(email, "Wrong-Pass-1").error()).isEqualTo("Invalid credentials");
        assertThat(api().login("nobody-" + email, PASSWORD).error()).isEqualTo("Invalid credentials");
    }

    @Test
    void everySignedInRouteWantsABearerSession() {
        var routes = List.of("GET /auth/user-data", "POST /auth/logout", "POST /auth/logout-all", "POST /auth/change-password",
                "DELETE /auth/account", "GET /auth/export-data", "GET /auth/activity", "GET /auth/api-keys",
                "POST /auth/api-keys", "PATCH /auth/api-keys/key_x", "DELETE /auth/api-keys/key_x",
                "POST /auth/api-keys/key_x/regenerate", "GET /auth/connection-tokens", "POST /auth/connection-tokens",
                "PATCH /auth/connection-tokens/tok_x", "DELETE /auth/connection-tokens/tok_x", "GET /auth/known-clients",
                "PATCH /auth/known-clients/fvtt_x", "DELETE /auth/known-clients/fvtt_x", "GET /auth/pair-request/ABCDEFGH",
                "POST /auth/pair-request/ABCDEFGH/approve", "POST /auth/pair-request/ABCDEFGH/deny",
                "GET /auth/key-request/ABCDEF", "POST /auth/key-request/ABCDEF/approve", "POST /auth/key-request/ABCDEF/deny");
        for (var route : routes) {
            var parts = route.split(" ");
            var none = api().call(parts[0], parts[1], null, "{}");
            assertThat(none.status()).as(route).isEqualTo(401);
            assertThat(none.error()).as(route).isEqualTo("Bearer token required");
            var bad = api().call(parts[0], parts[1], "f".repeat(64), "{}");
            assertThat(bad.status()).as(route).isEqualTo(401);
            assertThat(bad.error()).as(route).isEqualTo("Invalid or expired session. Please log in again.");
        }
    }

    @Test
    void keyChangesApplyToTheVeryNextDataRequest() {
        var email = email("keys");
        var token = api().register(email, PASSWORD);
        world(email, "fvtt_a000000000000001");
        var created = api().createKey(token, "bot", "roll:execute", "roll:read");
        var key = created.path("key").asText();
        var id = created.path("id").asText();
        assertThat(key).hasSize(64);
        assertThat(roll(key)).isEqualTo(200);

        var list = api().call("GET", "/auth/api-keys", token, null).body().path("keys");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("key").asText()).isEqualTo(key.substring(0, 8) + "...");

        assertThat(api().call("PATCH", "/auth/api-keys/" + id, token, "{\"scopes\":[\"roll:read\"]}").status()).isEqualTo(200);
        var refused = Http.post(env().relay().uri("/roll"), "{\"formula\":\"1d4\"}", "x-api-key", key);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("API key lacks required scope: roll:execute");

        api().call("PATCH", "/auth/api-keys/" + id, token, "{\"scopes\":[\"roll:execute\"],\"enabled\":false}");
        assertThat(Http.post(env().relay().uri("/roll"), "{\"formula\":\"1d4\"}", "x-api-key", key).body())
                .contains("API key is disabled");
        api().call("PATCH", "/auth/api-keys/" + id, token, "{\"enabled\":true}");
        assertThat(roll(key)).isEqualTo(200);

        var fresh = api().call("POST", "/auth/api-keys/" + id + "/regenerate", token, null).body().path("key").asText();
        assertThat(roll(key)).isEqualTo(401);
        assertThat(roll(fresh)).isEqualTo(200);

        assertThat(api().call("DELETE", "/auth/api-keys/" + id, token, null).body().path("message").asText()).isEqualTo("API key deleted");
        assertThat(Http.post(env().relay().uri("/roll"), "{\"formula\":\"1d4\"}", "x-api-key", fresh).body()).contains("Invalid API key");
        assertThat(api().call("DELETE", "/auth/api-keys/" + id, token, null).error()).isEqualTo("API key not found");

        assertThat(api().call("POST", "/auth/api-keys", token, "{\"name\":\"x\",\"scopes\":[\"nope\"]}").error()).isEqualTo("Invalid scope: nope");
        assertThat(api().call("POST", "/auth/api-keys", token, "{\"name\":\"x\",\"scopes\":[]}").error()).isEqualTo("At least one scope is required");
        assertThat(api().call("POST", "/auth/api-keys", token, "{\"scopes\":[\"roll:read\"]}").error()).isEqualTo("Name is required");
    }

    @Test
    void revokingAConnectionTokenOverHttpClosesTheConnectedWorld() {
        var email = email("tokens");
        var token = api().register(email, PASSWORD);
        var world = world(email, "fvtt_a000000000000002");
        var tokens = api().call("GET", "/auth/connection-tokens", token, null).body();
        assertThat(tokens.path("total").asInt()).isEqualTo(1);
        var tokenId = tokens.path("tokens").get(0).path("id").asText();
        assertThat(tokens.path("tokens").get(0).has("tokenHash")).isFalse();

        assertThat(api().call("PATCH", "/auth/connection-tokens/" + tokenId, token, "{\"allowedIps\":\"nonsense\"}").status()).isEqualTo(400);
        assertThat(api().call("PATCH", "/auth/connection-tokens/" + tokenId, token, "{\"name\":\"GM laptop\"}").status()).isEqualTo(200);
        var revoked = api().call("DELETE", "/auth/connection-tokens/" + tokenId, token, null);
        assertThat(revoked.body().path("disconnectedClients").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> world.lastClose() != null);
        assertThat(world.lastClose().code()).isEqualTo(4002);
        assertThat(api().call("GET", "/auth/connection-tokens", token, null).body().path("total").asInt()).isZero();
    }

    @Test
    void anIntegrationObtainsAKeyThroughAKeyRequest() {
        var token = api().register(email("kr"), PASSWORD);
        var ask = api().call("POST", "/auth/key-request", null,
                "{\"appName\":\"Initiative lights\",\"scopes\":[\"encounter:read\",\"roll:read\"]}");
        assertThat(ask.status()).isEqualTo(201);
        var code = ask.body().path("code").asText();
        assertThat(ask.body().path("approvalUrl").asText()).endsWith("/approve/" + code);
        assertThat(api().call("GET", "/auth/key-request/" + code + "/status", null, null).body().path("status").asText()).isEqualTo("pending");
        assertThat(api().call("GET", "/auth/key-request/" + code, token, null).body().path("appName").asText()).isEqualTo("Initiative lights");
        assertThat(api().call("POST", "/auth/key-request/" + code + "/approve", token, "{\"scopes\":[\"execute-js\"]}").error())
                .isEqualTo("Cannot grant scope not in original request: execute-js");
        var approved = api().call("POST", "/auth/key-request/" + code + "/approve", token, "{\"scopes\":[\"roll:read\"]}");
        assertThat(approved.status()).isEqualTo(200);

        var status = api().call("GET", "/auth/key-request/" + code + "/status", null, null).body();
        assertThat(status.path("status").asText()).isEqualTo("approved");
        var key = status.path("apiKey").asText();
        var who = AccountApi.answer(Http.get(env().relay().uri("/api/key"), "x-api-key", key)).body();
        assertThat(who.path("keyId").asText()).isEqualTo(approved.body().path("keyId").asText());
        assertThat(who.path("scopes").toString()).isEqualTo("[\"roll:read\"]");
        assertThat(api().call("GET", "/auth/key-request/" + code + "/status", null, null).body().path("status").asText()).isEqualTo("exchanged");

        // The web flow: the callback receives an exchange code, good once.
        var web = api().call("POST", "/auth/key-request", null,
                "{\"appName\":\"Overlay\",\"scopes\":[\"roll:read\"],\"callbackUrl\":\"https://overlay.example/cb\"}").body().path("code").asText();
        var exchangeCode = api().call("POST", "/auth/key-request/" + web + "/approve", token, "{}").body().path("exchangeCode").asText();
        var exchanged = api().call("POST", "/auth/key-request/exchange", null, Json.object().put("code", exchangeCode));
        assertThat(exchanged.status()).isEqualTo(200);
        assertThat(exchanged.body().path("apiKey").asText()).hasSize(64);
        assertThat(api().call("POST", "/auth/key-request/exchange", null, Json.object().put("code", exchangeCode)).status()).isEqualTo(410);
        assertThat(api().call("POST", "/auth/key-request/exchange", null, "{\"code\":\"nope\"}").error()).isEqualTo("Invalid exchange code");

        var denied = api().call("POST", "/auth/key-request", null, "{\"appName\":\"X\",\"scopes\":[\"roll:read\"]}").body().path("code").asText();
        api().call("POST", "/auth/key-request/" + denied + "/deny", token, null);
        assertThat(api().call("GET", "/auth/key-request/" + denied + "/status", null, null).body().path("status").asText()).isEqualTo("denied");
    }

    @Test
    void aPairRequestIsApprovedOverHttpAndTheWorldIsThenManagedThere() {
        var token = api().register(email("pairreq"), PASSWORD);
        var req = api().call("POST", "/auth/pair-request", null, "{\"worldId\":\"lost-mine\",\"worldTitle\":\"Lost Mine\"}");
        var code = req.body().path("code").asText();
        assertThat(api().call("GET", "/auth/pair-request/" + code, token, null).body().path("worldTitle").asText()).isEqualTo("Lost Mine");
        assertThat(api().call("POST", "/auth/pair-request/" + code + "/approve", token, "{}").status()).isEqualTo(200);
        var status = api().call("GET", "/auth/pair-request/" + code + "/status", null, null).body();
        assertThat(status.path("status").asText()).isEqualTo("approved");
        var paired = Pairings.pair(env().relay(), java.util.Map.of("code", status.path("pairingCode").asText(), "worldId", "lost-mine"));
        assertThat(paired.statusCode()).isEqualTo(200);
        var clientId = Pairings.json(paired).path("clientId").asText();

        var clients = api().call("GET", "/auth/known-clients", token, null).body();
        assertThat(clients.path("clients").get(0).path("clientId").asText()).isEqualTo(clientId);
        assertThat(clients.path("clients").get(0).path("tokens")).hasSize(1);
        api().call("PATCH", "/auth/known-clients/" + clientId, token, "{\"customName\":\"Tuesday game\"}");
        assertThat(api().call("GET", "/auth/known-clients", token, null).body().path("clients").get(0).path("customName").asText())
                .isEqualTo("Tuesday game");
        assertThat(api().call("DELETE", "/auth/known-clients/" + clientId, token, null).status()).isEqualTo(200);
        assertThat(api().call("GET", "/auth/known-clients", token, null).body().path("total").asInt()).isZero();
        var late = api().call("POST", "/auth/pair-request/" + code + "/deny", token, null);
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.error()).isEqualTo("Pair request is not pending");
        assertThat(late.body().path("message").asText()).isEqualTo("pair request " + code + " is already approved");

        var pairCode = api().call("POST", "/auth/connection-tokens", token, "{}");
        assertThat(pairCode.status()).isEqualTo(201);
        assertThat(pairCode.body().path("code").asText()).hasSize(6);
        assertThat(api().call("POST", "/auth/connection-tokens", token, "{\"clientId\":\"fvtt_nope\"}").error())
                .isEqualTo("clientId not found in your known clients");
    }

    @Test
    void changingThePasswordSignsOutTheOtherSessions() {
        var email = email("pw");
        var first = api().register(email, PASSWORD);
        var second = api().token(email, PASSWORD);
        assertThat(api().call("POST", "/auth/change-password", first,
                "{\"currentPassword\":\"Wrong-123a\",\"newPassword\":\"Another-Pass-7\"}").error()).isEqualTo("Current password is incorrect");
        assertThat(api().call("POST", "/auth/change-password", first,
                "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"Another-Pass-7\"}").status()).isEqualTo(200);
        assertThat(api().call("GET", "/auth/user-data", second, null).status()).isEqualTo(401);
        assertThat(api().call("GET", "/auth/user-data", first, null).status()).isEqualTo(200);
        assertThat(api().login(email, PASSWORD).status()).isEqualTo(401);
        assertThat(api().login(email, "Another-Pass-7").status()).isEqualTo(200);
    }

    @Test
    void repeatedFailuresLockTheLoginWhetherOrNotItExists() {
        var email = email("lock");
        api().register(email, PASSWORD);
        var ghost = email("ghost");
        for (int i = 0; i < 5; i++) {
            assertThat(api().login(email, "Wrong-Pass-" + i).status()).isEqualTo(401);
            assertThat(api().login(ghost, "Wrong-Pass-" + i).status()).isEqualTo(401);
        }
        var locked = api().login(email, PASSWORD);
        assertThat(locked.status()).isEqualTo(429);
        var lockedGhost = api().login(ghost, PASSWORD);
        assertThat(lockedGhost.status()).isEqualTo(429);
        assertThat(lockedGhost.error()).isEqualTo(locked.error());
    }

    @Test
    void deletingTheAccountRemovesItsKeysTokensAndWorlds() {
        var email = email("gone");
        var token = api().register(email, PASSWORD);
        var world = world(email, "fvtt_a000000000000003");
        var key = api().createKey(token, "bot", "roll:execute").path("key").asText();
        assertThat(roll(key)).isEqualTo(200);
        assertThat(api().call("DELETE", "/auth/account", token, "{\"password\":\"" + PASSWORD + "\"}").error())
                .isEqualTo("Email confirmation required");
        assertThat(api().call("DELETE", "/auth/account", token, Json.object().put("confirmEmail", email).put("password", "Nope-1234"))
                .error()).isEqualTo("Invalid password");
        assertThat(api().call("DELETE", "/auth/account", token, Json.object().put("confirmEmail", email).put("password", PASSWORD))
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> world.lastClose() != null);
        assertThat(world.lastClose().code()).isEqualTo(4002);
        assertThat(roll(key)).isEqualTo(401);
        assertThat(api().login(email, PASSWORD).status()).isEqualTo(401);
        assertThat(api().call("GET", "/auth/user-data", token, null).status()).isEqualTo(401);
        var again = api().register(email, PASSWORD);
        assertThat(api().call("GET", "/auth/api-keys", again, null).body().path("keys")).isEmpty();
        assertThat(api().call("GET", "/auth/known-clients", again, null).body().path("clients")).isEmpty();
        assertThat(api().call("GET", "/auth/connection-tokens", again, null).body().path("tokens")).isEmpty();
    }

    @Test
    void oneAccountCanNeitherReadNorChangeAnothersKeysTokensWorldsOrActivity() {
        var aliceEmail = email("alice");
        var alice = api().register(aliceEmail, PASSWORD);
        var bob = api().register(email("bob"), PASSWORD);
        var clientId = "fvtt_a000000000000004";
        world(aliceEmail, clientId);
        var aliceKey = api().createKey(alice, "alice-bot", "roll:execute");
        var keyId = aliceKey.path("id").asText();
        assertThat(roll(aliceKey.path("key").asText())).isEqualTo(200);
        var tokenId = api().call("GET", "/auth/connection-tokens", alice, null).body().path("tokens").get(0).path("id").asText();

        assertThat(api().call("GET", "/auth/api-keys", bob, null).body().path("keys")).isEmpty();
        assertThat(api().call("PATCH", "/auth/api-keys/" + keyId, bob, "{\"enabled\":false}").status()).isEqualTo(404);
        assertThat(api().call("POST", "/auth/api-keys/" + keyId + "/regenerate", bob, null).status()).isEqualTo(404);
        assertThat(api().call("DELETE", "/auth/api-keys/" + keyId, bob, null).status()).isEqualTo(404);
        assertThat(api().call("GET", "/auth/connection-tokens", bob, null).body().path("tokens")).isEmpty();
        assertThat(api().call("PATCH", "/auth/connection-tokens/" + tokenId, bob, "{\"name\":\"mine\"}").status()).isEqualTo(404);
        assertThat(api().call("DELETE", "/auth/connection-tokens/" + tokenId, bob, null).status()).isEqualTo(404);
        assertThat(api().call("GET", "/auth/known-clients", bob, null).body().path("clients")).isEmpty();
        assertThat(api().call("PATCH", "/auth/known-clients/" + clientId, bob, "{\"customName\":\"mine\"}").status()).isEqualTo(404);
        assertThat(api().call("DELETE", "/auth/known-clients/" + clientId, bob, null).status()).isEqualTo(404);
        assertThat(api().call("POST", "/auth/connection-tokens", bob, Json.object().put("clientId", clientId)).status()).isEqualTo(404);
        assertThat(api().call("GET", "/auth/activity", bob, null).body().toString()).doesNotContain(clientId).doesNotContain(keyId);
        assertThat(api().call("GET", "/auth/export-data", bob, null).body().path("scopedKeys")).isEmpty();

        // Everything Alice has is untouched.
        assertThat(roll(aliceKey.path("key").asText())).isEqualTo(200);
        assertThat(api().call("GET", "/auth/known-clients", alice, null).body().path("total").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> api().call("GET", "/auth/activity?clientId=" + clientId, alice, null)
                .body().toString().contains("POST /roll"));
    }

    @Test
    void anAdminIssuedResetLinkSetsANewPasswordOnce() {
        var email = email("reset");
        var session = api().register(email, PASSWORD);
        assertThat(api().call("POST", "/auth/forgot-password", null, Json.object().put("email", email)).body().path("message").asText())
                .startsWith("If an account with that email exists");
        var run = env().relay().cli("accounts", "reset-link", email);
        assertThat(run.exitCode()).as(run.err()).isZero();
        var resetToken = run.out().trim().replaceAll(".*token=", "");
        assertThat(api().call("GET", "/auth/validate-reset-token/" + resetToken, null, null).body().path("valid").asBoolean()).isTrue();
        assertThat(api().call("POST", "/auth/reset-password", null, Json.object().put("token", resetToken).put("password", "Brand-New-42"))
                .status()).isEqualTo(200);
        assertThat(api().call("GET", "/auth/validate-reset-token/" + resetToken, null, null).body().path("valid").asBoolean()).isFalse();
        assertThat(api().call("POST", "/auth/reset-password", null, Json.object().put("token", resetToken).put("password", "Brand-New-43"))
                .error()).isEqualTo("Invalid or expired reset token");
        assertThat(api().call("GET", "/auth/user-data", session, null).status()).isEqualTo(401);
        assertThat(api().login(email, "Brand-New-42").status()).isEqualTo(200);
    }
}
