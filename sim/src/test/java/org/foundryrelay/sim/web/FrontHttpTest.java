package org.foundryrelay.sim.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.foundryrelay.sim.web.Worlds.*;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The front over plain HTTP: redirects, setup, login answers, and what needs a session. */
class FrontHttpTest {
    private FoundryFront front;
    private WebClient client;

    private void start(FoundryFront.Options options) {
        front = FoundryFront.start(options);
        client = new WebClient(front);
    }

    private void startRunning(int version) {
        start(FoundryFront.Options.of(version, HostedWorld.paired(lostMine(), "ws://127.0.0.1:9", "fvtt_test"))
                .withActiveWorld(WORLD_ID));
    }

    /** The JSON the game page's script reads its settings from. */
    static com.fasterxml.jackson.databind.JsonNode pageConfig(String html) {
        var start = html.indexOf('>', html.indexOf("id=\"foundry-config\"")) + 1;
        try {
            return WebClient.JSON.readTree(html.substring(start, html.indexOf("</script>", start)));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stop() {
        if (front != null) front.close();
    }

    @Test
    void rootFollowsTheServerState() {
        start(FoundryFront.Options.of(13, HostedWorld.unpaired(lostMine())));
        var root = client.get("/", null);
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(WebClient.location(root)).isEqualTo("/setup");
        assertThat(WebClient.location(client.get("/join", null))).isEqualTo("/setup");

        front.launch(WORLD_ID);
        assertThat(WebClient.location(client.get("/", null))).isEqualTo("/join");
        assertThat(WebClient.location(client.get("/setup", null))).isEqualTo("/join");
        var session = client.login(GM, GM_PASSWORD);
        assertThat(WebClient.location(client.get("/", session))).isEqualTo("/game");
        assertThat(WebClient.location(client.get("/", "0123456789abcdef01234567"))).isEqualTo("/join");
    }

    @Test
    void setupListsWorldsEscaped() {
        start(FoundryFront.Options.of(13, HostedWorld.unpaired(lostMine()),
                HostedWorld.unpaired(world("second", "Second <b>\"World\"</b>"))));
        var page = client.get("/setup", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'nonce-");
        assertThat(page.body())
                .contains("<li class=\"package world\" data-package-id=\"lost-mine\"><h3 class=\"package-title\">"
                        + "Lost Mine of Phandelver</h3><a class=\"control play\"")
                .contains("data-package-id=\"second\"")
                .contains("Second &lt;b&gt;&quot;World&quot;&lt;/b&gt;")
                .doesNotContain("<b>");
    }

    @Test
    void setupLaunchesAndShutsDownLikeFoundry() {
        start(FoundryFront.Options.of(13, HostedWorld.unpaired(lostMine()), HostedWorld.unpaired(world("second", "Second"))));
        assertThat(client.postJson("/setup", "{\"action\":\"launchWorld\",\"world\":\"nope\"}", null).statusCode())
                .isEqualTo(404);
        var launch = client.postJson("/setup", "{\"action\":\"launchWorld\",\"world\":\"second\"}", null);
        assertThat(launch.statusCode()).isEqualTo(200);
        assertThat(launch.body()).isEqualTo("{}");
        assertThat(front.activeWorld()).contains("second");
        assertThat(client.postJson("/setup", "{\"action\":\"launchWorld\",\"world\":\"lost-mine\"}", null).statusCode())
                .isEqualTo(409);
        assertThatThrownBy(() -> front.launch(WORLD_ID)).isInstanceOf(IllegalStateException.class);

        var session = client.login(GM, GM_PASSWORD);
        assertThat(client.postJson("/setup", "{\"shutdown\":true}", null).statusCode()).isEqualTo(200);
        assertThat(front.activeWorld()).isEmpty();
        assertThat(front.sessions()).isEmpty();
        assertThat(WebClient.location(client.get("/game", session))).isEqualTo("/join");
        assertThat(client.postJson("/setup", "{\"action\":\"deleteWorld\"}", null).statusCode()).isEqualTo(400);
    }

    @Test
    void jsonJoinAcceptsEachUserField() {
        startRunning(13);
        for (var body : new String[] {
                "{\"action\":\"join\",\"userid\":\"" + GM + "\",\"password\":\"gm-password\"}",
                "{\"action\":\"join\",\"userId\":\"" + GM + "\",\"password\":\"gm-password\"}",
                "{\"action\":\"join\",\"username\":\"gameMASTER\",\"password\":\"gm-password\"}"}) {
            var response = client.postJson("/join", body, null);
            assertThat(response.statusCode()).as(body).isEqualTo(200);
            assertThat(response.body()).isEqualTo(
                    "{\"request\":\"join\",\"status\":\"success\",\"message\":\"JOIN.LoginSuccess\",\"redirect\":\"/game\"}");
            assertThat(WebClient.sessionCookie(response)).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .matches("[0-9a-f]{24}");
            assertThat(response.headers().firstValue("Set-Cookie").orElseThrow())
                    .contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        }
        assertThat(front.logins()).extracting(LoginAttempt::field).containsExactly("userid", "userId", "username");
        assertThat(front.logins()).extracting(LoginAttempt::userName).containsOnly("Gamemaster");
        // Each login of the same user replaced the one before.
        assertThat(front.sessions()).hasSize(1);
    }

    @Test
    void jsonJoinRefusals() {
        startRunning(13);
        var wrong = client.postJson("/join", "{\"action\":\"join\",\"userid\":\"" + GM + "\",\"password\":\"nope\"}", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(WebClient.json(wrong).get("status").asText()).isEqualTo("failed");
        assertThat(WebClient.json(wrong).get("request").asText()).isEqualTo("join");
        assertThat(WebClient.json(wrong).get("error").asText()).isEqualTo("JOIN.ErrorInvalidPassword");
        assertThat(WebClient.sessionCookie(wrong)).isEmpty();

        var unknown = client.postJson("/join", "{\"action\":\"join\",\"userid\":\"Gamemaster\",\"password\":\"gm-password\"}", null);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(WebClient.json(unknown).get("error").asText()).isEqualTo("JOIN.ErrorUserDoesNotExist");
        assertThat(client.postJson("/join", "{\"action\":\"join\",\"password\":\"x\"}", null).statusCode()).isEqualTo(401);
        assertThat(client.postJson("/join", "{\"action\":\"shutdown\"}", null).statusCode()).isEqualTo(400);
        assertThat(client.postJson("/join", "[1,2]", null).statusCode()).isEqualTo(400);

        assertThat(front.logins()).isEmpty();
        assertThat(front.sessions()).isEmpty();
        assertThat(front.loginAttempts()).extracting(LoginAttempt::error).containsExactly(JoinError.INVALID_PASSWORD,
                JoinError.USER_DOES_NOT_EXIST, JoinError.USER_DOES_NOT_EXIST, JoinError.BAD_REQUEST, JoinError.BAD_REQUEST);
        assertThat(front.loginAttempts().getFirst().userId()).isEqualTo(GM);
        assertThat(front.loginAttempts().toString()).doesNotContain("nope").doesNotContain("gm-password");
    }

    @Test
    void formJoinRedirectsOrShowsTheError() {
        startRunning(13);
        var ok = client.postForm("/join", Map.of("action", "join", "userid", ALICE, "password", ALICE_PASSWORD));
        assertThat(ok.statusCode()).isEqualTo(302);
        assertThat(WebClient.location(ok)).isEqualTo("/game");
        assertThat(WebClient.sessionCookie(ok)).isPresent();

        var bad = client.postForm("/join", Map.of("userid", ALICE, "password", "wrong", "join", "join"));
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(WebClient.sessionCookie(bad)).isEmpty();
        assertThat(bad.body())
                .contains("id=\"join-error\"").contains("The password you entered is not correct.")
                .contains("<option value=\"" + ALICE + "\" selected>Alice</option>");
    }

    @Test
    void noActiveWorldRefusesJoin() {
        start(FoundryFront.Options.of(13, HostedWorld.unpaired(lostMine())));
        var response = client.postJson("/join", "{\"userid\":\"" + GM + "\",\"password\":\"gm-password\"}", null);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(WebClient.json(response).get("error").asText()).isEqualTo("JOIN.ErrorNoActiveWorld");
        assertThat(WebClient.location(client.postForm("/join", Map.of("userid", GM, "password", "gm-password"))))
                .isEqualTo("/setup");
    }

    @Test
    void joinFormPerVersion() {
        startRunning(13);
        var v13 = client.get("/join", null).body();
        assertThat(v13).contains("<form id=\"join-game-form\"")
                .contains("<select id=\"join-userid\" name=\"userid\">")
                .contains("<option value=\"" + GM + "\">Gamemaster</option>")
                .contains("<option value=\"" + BOB + "\">Bob</option>")
                .contains("name=\"password\"").contains("<button type=\"submit\" name=\"join\"")
                .contains("<h1 id=\"world-title\">Lost Mine of Phandelver</h1>")
                .doesNotContain("join-username").doesNotContain("join-error");
        front.close();

        startRunning(14);
        var v14 = client.get("/join", null).body();
        assertThat(v14).contains("id=\"join-username\" name=\"username\"").contains("id=\"join-password\"")
                .doesNotContain("<select").doesNotContain("Gamemaster");
        front.close();

        startRunning(11);
        assertThat(client.get("/join", null).body()).contains("<form id=\"join-game\"").contains("name=\"userid\"");
    }

    @Test
    void strictFieldsReadOnlyTheVersionsOwnKeys() {
        start(FoundryFront.Options.of(14, HostedWorld.unpaired(lostMine())).withActiveWorld(WORLD_ID)
                .withJoinRules(JoinRules.VERSION_FIELDS));
        assertThat(client.postJson("/join", "{\"userid\":\"" + GM + "\",\"password\":\"gm-password\"}", null).statusCode())
                .isEqualTo(401);
        assertThat(client.postJson("/join", "{\"userid\":\"" + GM + "\",\"userId\":\"" + GM
                + "\",\"password\":\"gm-password\"}", null).statusCode()).isEqualTo(200);
        front.close();

        start(FoundryFront.Options.of(13, HostedWorld.unpaired(lostMine())).withActiveWorld(WORLD_ID)
                .withJoinRules(JoinRules.VERSION_FIELDS));
        assertThat(client.postJson("/join", "{\"username\":\"Gamemaster\",\"password\":\"gm-password\"}", null)
                .statusCode()).isEqualTo(401);
        assertThat(client.postJson("/join", "{\"userid\":\"" + GM + "\",\"password\":\"gm-password\"}", null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void strictV14ListsNoUserAndReadsOnlyUserId() {
        start(FoundryFront.Options.of(14, HostedWorld.unpaired(lostMine())).withActiveWorld(WORLD_ID)
                .withJoinRules(JoinRules.STRICT));
        var form = client.get("/join", null);
        assertThat(form.body()).contains("id=\"join-username\" name=\"username\"")
                .contains("<input type=\"hidden\" name=\"userId\" value=\"\">")
                .contains("<ul id=\"autocomplete\"").doesNotContain("data-identifier=\"")
                .doesNotContain("<select").doesNotContain("Gamemaster").doesNotContain(GM).doesNotContain("Alice");
        var nonce = form.body().replaceAll("(?s).*<script nonce=\"([^\"]+)\">.*", "$1");
        assertThat(form.headers().firstValue("Content-Security-Policy")).get().asString().contains("'nonce-" + nonce + "'");

        // The autocomplete: users whose name starts with what was typed, any case.
        var found = WebClient.json(client.get("/join/users?name=gA", null)).get("users");
        assertThat(found).singleElement().satisfies(u -> {
            assertThat(u.get("id").asText()).isEqualTo(GM);
            assertThat(u.get("name").asText()).isEqualTo("Gamemaster");
            assertThat(u.get("active").asBoolean()).isFalse();
        });
        assertThat(WebClient.json(client.get("/join/users?name=%20", null)).get("users")).isEmpty();
        assertThat(WebClient.json(client.get("/join/users?name=Nobody", null)).get("users")).isEmpty();

        for (var ignored : new String[] {
                "{\"action\":\"join\",\"userid\":\"" + GM + "\",\"password\":\"gm-password\"}",
                "{\"action\":\"join\",\"username\":\"Gamemaster\",\"password\":\"gm-password\"}",
                "{\"action\":\"join\",\"userId\":\"Gamemaster\",\"password\":\"gm-password\"}"}) {
            var refused = client.postJson("/join", ignored, null);
            assertThat(refused.statusCode()).as(ignored).isEqualTo(401);
            assertThat(WebClient.json(refused).get("error").asText()).isEqualTo("JOIN.ErrorUserDoesNotExist");
        }
        // A person who typed a name but picked no entry gets the form back with the name kept.
        var typedOnly = client.postForm("/join", Map.of("action", "join", "username", "Gamemaster", "userId", "",
                "password", "gm-password"));
        assertThat(typedOnly.statusCode()).isEqualTo(401);
        assertThat(typedOnly.body()).contains("The requested user does not exist.").contains("value=\"Gamemaster\"");
        assertThat(front.sessions()).isEmpty();

        var ok = client.postJson("/join", "{\"action\":\"join\",\"userId\":\"" + GM + "\",\"password\":\"gm-password\"}", null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(front.logins()).singleElement().extracting(LoginAttempt::field).isEqualTo("userId");
    }

    @Test
    void onlyTheStrictV14FrontHasTheAutocomplete() {
        start(FoundryFront.Options.of(14, HostedWorld.unpaired(lostMine())).withActiveWorld(WORLD_ID)
                .withJoinRules(JoinRules.VERSION_FIELDS));
        assertThat(client.get("/join/users?name=ga", null).statusCode()).isEqualTo(404);
        assertThat(client.get("/join", null).body()).doesNotContain("<script").doesNotContain("id=\"autocomplete\"");
        front.close();
        start(FoundryFront.Options.of(13, HostedWorld.unpaired(lostMine())).withActiveWorld(WORLD_ID)
                .withJoinRules(JoinRules.STRICT));
        assertThat(client.get("/join/users?name=ga", null).statusCode()).isEqualTo(404);
        assertThat(client.postJson("/join", "{\"userid\":\"" + GM + "\",\"password\":\"gm-password\"}", null)
                .statusCode()).isEqualTo(200);
        front.close();
        start(FoundryFront.Options.of(14, HostedWorld.unpaired(lostMine())).withJoinRules(JoinRules.STRICT));
        assertThat(client.get("/join/users?name=ga", null).statusCode()).as("no world runs").isEqualTo(404);
    }

    @Test
    void gameNeedsASessionOfTheRunningWorld() {
        startRunning(13);
        assertThat(WebClient.location(client.get("/game", null))).isEqualTo("/join");
        assertThat(WebClient.location(client.get("/game", "ffffffffffffffffffffffff"))).isEqualTo("/join");
        var session = client.login(GM, GM_PASSWORD);
        var game = client.get("/game", session);
        assertThat(game.statusCode()).isEqualTo(200);
        assertThat(game.body()).contains("id=\"relay-status\"").contains("id=\"ui-left\"").contains("class=\"vtt game\"");
        assertThat(pageConfig(game.body()).at("/module/socketUrl").asText()).isEqualTo("ws://127.0.0.1:9/relay?id=fvtt_test"
                + "&worldId=lost-mine&worldTitle=Lost+Mine+of+Phandelver&foundryVersion=13.348&systemId=dnd5e"
                + "&systemTitle=Dungeons+%26+Dragons+Fifth+Edition&systemVersion=5.0.4&customName=Simulated+Table");
        // A second login of the same user ends the first session.
        var second = client.login(GM, GM_PASSWORD);
        assertThat(WebClient.location(client.get("/game", session))).isEqualTo("/join");
        assertThat(client.get("/game", second).statusCode()).isEqualTo(200);
    }

    @Test
    void playerPageHasNoRelayConnection() {
        startRunning(13);
        var session = client.login(ALICE, ALICE_PASSWORD);
        var config = pageConfig(client.get("/game", session).body());
        assertThat(config.get("module").isNull()).isTrue();
        assertThat(config.at("/user/role").asInt()).isEqualTo(1);
    }

    @Test
    void bridgeNeedsTheGmsSession() {
        startRunning(13);
        var roll = "{\"type\":\"roll\",\"requestId\":\"r1\",\"formula\":\"1d1+1\",\"data\":{}}";
        assertThat(client.postJson("/bridge/message", roll, null).statusCode()).isEqualTo(401);
        assertThat(client.get("/bridge/player-list", null).statusCode()).isEqualTo(401);
        assertThat(client.get("/bridge/events", null).statusCode()).isEqualTo(401);
        var alice = client.login(ALICE, ALICE_PASSWORD);
        assertThat(client.postJson("/bridge/message", roll, alice).statusCode()).isEqualTo(403);
        assertThat(client.get("/bridge/player-list", alice).statusCode()).isEqualTo(403);

        var gm = client.login(GM, GM_PASSWORD);
        var reply = client.postJson("/bridge/message", roll, gm);
        assertThat(reply.statusCode()).isEqualTo(200);
        var lines = reply.body().split("\n");
        assertThat(lines).hasSize(1);
        assertThat(lines[0]).startsWith("{\"type\":\"roll-result\",\"requestId\":\"r1\",\"success\":true");
        assertThat(lines[0]).contains("\"total\":2");
        var players = WebClient.json(client.get("/bridge/player-list", gm));
        assertThat(players.get("type").asText()).isEqualTo("player-list");
        assertThat(players.get("users")).hasSize(3);
        assertThat(front.bridgedTypes()).containsExactly("roll");
        assertThat(client.postJson("/bridge/message", "not json", gm).statusCode()).isEqualTo(400);
    }

    @Test
    void pushesCausedByARequestComeBeforeItsReply() {
        startRunning(13);
        var gm = client.login(GM, GM_PASSWORD);
        var subscribe = client.postJson("/bridge/message",
                "{\"type\":\"event-subscription-update\",\"channel\":\"roll-events\",\"count\":1}", gm);
        assertThat(subscribe.statusCode()).isEqualTo(200);
        assertThat(subscribe.body()).isEmpty();
        var reply = client.postJson("/bridge/message",
                "{\"type\":\"roll\",\"requestId\":\"r2\",\"formula\":\"1d1\",\"createChatMessage\":true,\"data\":{}}", gm);
        var lines = reply.body().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("{\"type\":\"roll-data\"");
        assertThat(lines[1]).startsWith("{\"type\":\"roll-result\",\"requestId\":\"r2\"");
    }

    @Test
    void apiStatus() {
        start(FoundryFront.Options.of(14, HostedWorld.unpaired(lostMine())));
        assertThat(client.get("/api/status", null).body()).isEqualTo("{\"active\":false,\"version\":\"14.368\"}");
        front.launch(WORLD_ID);
        var status = WebClient.json(client.get("/api/status", null));
        assertThat(status.get("active").asBoolean()).isTrue();
        assertThat(status.get("world").asText()).isEqualTo(WORLD_ID);
        assertThat(status.get("system").asText()).isEqualTo("dnd5e");
    }

    @Test
    void gameConfigCannotEndItsScriptElement() {
        var world = org.foundryrelay.sim.world.World.builder(org.foundryrelay.sim.world.Fixture.bundled())
                .worldTitle("</script><script>alert(1)</script>").build();
        start(FoundryFront.Options.of(13, HostedWorld.paired(world, "ws://127.0.0.1:9", "c")).withActiveWorld(WORLD_ID));
        var body = client.get("/game", client.login(GM, GM_PASSWORD)).body();
        assertThat(body).doesNotContain("<script>alert").contains("\\u003c/script\\u003e")
                .contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(pageConfig(body).at("/world/title").asText()).isEqualTo("</script><script>alert(1)</script>");
    }

    @Test
    void optionsAreChecked() {
        var world = HostedWorld.unpaired(lostMine());
        assertThatThrownBy(() -> FoundryFront.Options.of(10, world)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FoundryFront.Options.of(13, world).withActiveWorld("nope"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FoundryFront.Options.of(13, world, HostedWorld.unpaired(lostMine())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModuleSettings.paired("ftp://x", "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FoundryVersion(13, "14.1")).isInstanceOf(IllegalArgumentException.class);
    }
}
