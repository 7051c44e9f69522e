package org.foundryrelay.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.foundryrelay.sim.world.World;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.ScriptedWorld;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.WorldApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Macros, JavaScript, effects, playlists, selection and users through the relay, with the state checked after. */
class WorldControlFlowTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0"));

    private static final String ARIA = "Actor.kHvRwMzzuVtYkwMJ", GREET = "Macro.Mg4Rt8Wq2Zx6Nc1P";

    private World world;

    private WorldApi connect(String account, String clientId) {
        world = SimWorlds.world(clientId);
        env.sims().connect(env.relay(), clientId, env.relay().connectionToken(account, clientId), world);
        return new WorldApi(env.relay(), env.relay().key(account, "all"));
    }

    @Test
    void aScriptMacroRunsWithItsArgumentsUntilTheSettingIsOff() {
        var api = connect("macro", "fvtt_d000000000000001");
        var run = api.post("/macro/" + GREET + "/execute", "{\"args\":{\"name\":\"Sildar\"}}");
        assertThat(run.at("/result").toString()).isEqualTo("{\"greeting\":\"Hello, Sildar!\",\"actors\":6}");
        var health = api.post("/macro/Macro.Mh8Pq1Zs6Wd3Kv9J/execute", "{}");
        int aria = api.get("/get?uuid=Actor.kHvRwMzzuVtYkwMJ").at("/data/system/attributes/hp/value").asInt();
        int brom = api.get("/get?uuid=Actor.FrCfZ4U2EqkNk6sE").at("/data/system/attributes/hp/value").asInt();
        assertThat(health.at("/result").toString()).isEqualTo("[{\"name\":\"Aria Windrunner\",\"hp\":" + aria
                + "},{\"name\":\"Brom Ironfist\",\"hp\":" + brom + "}]");
        var chat = api.post("/macro/Macro.Mt5Lc9Hv3Pk7Bx2Q/execute?userId=Alice", "{}");
        assertThat(chat.at("/result/content").asText()).isEqualTo("Aria lights a torch.");
        assertThat(api.get("/chat?limit=1").at("/data/messages/0/author/name").asText()).isEqualTo("Alice");
        assertThat(api.post("/macro/" + GREET + "/execute?userId=Alice", "{}").error())
                .isEqualTo("User 'Alice' does not have permission to execute 'Greet'");
        assertThat(api.post("/macro/Actor.kHvRwMzzuVtYkwMJ/execute", "{}").error())
                .isEqualTo("Entity with UUID Actor.kHvRwMzzuVtYkwMJ is not a macro");

        world.setting("allowMacroExecute", false);
        var off = api.post("/macro/" + GREET + "/execute", "{}");
        assertThat(off.status()).isEqualTo(400);
        assertThat(off.error()).isEqualTo("macro-execute is disabled in REST API module settings. A GM must enable it to allow macro execution.");
        assertThat(names(api.get("/macros?userId=Bob").at("/macros"))).as("only the macro everyone observes")
                .containsExactly("Light a Torch");
    }

    @Test
    void executeJsRunsRealJavaScriptOnlyWhileAllowed() {
        var api = connect("js", "fvtt_d000000000000002");
        var sum = api.post("/execute-js", "{\"script\":\"const xs = [1, 2, 3]; return xs.reduce((a, b) => a + b, 0) * 7;\"}");
        assertThat(sum.at("/result").asInt()).isEqualTo(42);
        var scene = api.post("/execute-js", "{\"script\":\"return { scene: game.scenes.active.name, gm: game.users.getName('Gamemaster').isGM };\"}");
        assertThat(scene.at("/result").toString()).isEqualTo("{\"scene\":\"Cragmaw Hideout\",\"gm\":true}");
        var said = api.post("/execute-js", "{\"script\":\"const m = await ChatMessage.create({content: 'from a script'}); return m.id;\"}");
        assertThat(api.get("/chat?limit=1").at("/data/messages/0/id").asText()).isEqualTo(said.at("/result").asText());
        assertThat(api.post("/execute-js", "{\"script\":\"return java.lang.System.exit(1);\"}").error()).startsWith("Error executing script: ");
        assertThat(api.post("/execute-js", "{\"script\":\"while (true) {}\"}").error()).isEqualTo("Error executing script: script time limit exceeded");
        assertThat(api.post("/execute-js", "{\"script\":\"return 1;\",\"userId\":\"Alice\"}").error())
                .isEqualTo("User Alice does not have permission to execute code (requires role 4+)");
        assertThat(api.post("/execute-js", "{\"script\":\"return document.cookie;\"}").body().toString())
                .isEqualTo("{\"error\":\"Script contains forbidden patterns\"}");

        world.setting("allowExecuteJs", false);
        var off = api.post("/execute-js", "{\"script\":\"return 1;\"}");
        assertThat(off.status()).isEqualTo(400);
        assertThat(off.error()).isEqualTo("execute-js is disabled in REST API module settings. A GM must enable it to allow JavaScript execution.");
        assertThat(off.at("/success").asBoolean()).isFalse();
    }

    @Test
    void effectsAreAddedListedAndRemoved() {
        var api = connect("effects", "fvtt_d000000000000003");
        assertThat(api.get("/effects/list").at("/data/effects/2").toString())
                .isEqualTo("{\"id\":\"prone\",\"name\":\"Prone\",\"icon\":\"icons/svg/falling.svg\"}");
        var added = api.post("/effects", "{\"uuid\":\"Scene.Z01BZGaG7yOh3FZ9.Token.42ldGDinouxZjugn\",\"statusId\":\"prone\"}");
        assertThat(added.at("/data/uuid").asText()).as("a token means its actor").isEqualTo(ARIA);
        assertThat(api.post("/effects", "{\"uuid\":\"" + ARIA + "\",\"statusId\":\"prone\"}").error())
                .isEqualTo("Actor 'Aria Windrunner' already has status 'prone'");
        var custom = api.post("/effects", "{\"uuid\":\"" + ARIA + "\",\"effectData\":{\"name\":\"Haste\",\"changes\":[]}}");
        assertThat(custom.at("/data/effect/name").asText()).isEqualTo("Haste");
        var before = names(api.get("/effects?uuid=" + ARIA).at("/data/effects"));
        assertThat(before).containsSubsequence("Bless", "Prone", "Haste");

        assertThat(api.send("DELETE", "/effects", "{\"uuid\":\"" + ARIA + "\",\"statusId\":\"prone\"}").status()).isEqualTo(200);
        var bless = api.delete("/effects?uuid=" + ARIA + "&effectId=Ef1Bl3sS8kQ2mNxV");
        assertThat(bless.at("/data/removedEffectId").asText()).isEqualTo("Ef1Bl3sS8kQ2mNxV");
        var after = new java.util.ArrayList<>(before);
        after.removeAll(java.util.List.of("Bless", "Prone"));
        assertThat(names(api.get("/effects?uuid=" + ARIA).at("/data/effects"))).isEqualTo(after);
        assertThat(api.post("/effects", "{\"uuid\":\"Actor.r6f4gUy0BQ8DEoFo\",\"statusId\":\"prone\",\"userId\":\"Alice\"}").error())
                .isEqualTo("User 'Alice' does not have permission to add effects to 'Goblin Boss'");
    }

    @Test
    void playlistStateFollowsPlayNextVolumeAndStop() {
        var api = connect("music", "fvtt_d000000000000004");
        var played = api.post("/playlist/play", "{\"playlistName\":\"tavern ambience\"}").at("/data/playlist");
        assertThat(played.path("playing").asBoolean()).isTrue();
        assertThat(playing(played)).containsExactly("Crackling Fire");
        assertThat(playing(api.post("/playlist/next?playlistId=Pl4Tv8Rn2Kc6Xm1Z", "{}").at("/data/playlist"))).containsExactly("Lute Song");
        api.post("/playlist/volume", "{\"playlistId\":\"Pl4Tv8Rn2Kc6Xm1Z\",\"soundName\":\"Lute Song\",\"volume\":0.25}");
        assertThat(api.post("/playlist/volume", "{\"playlistId\":\"Pl4Tv8Rn2Kc6Xm1Z\",\"volume\":2}").error())
                .isEqualTo("volume must be a number between 0 and 1");
        var listed = api.get("/playlists").at("/data/playlists/0");
        assertThat(listed.at("/sounds/1/volume").asDouble()).isEqualTo(0.25);
        assertThat(listed.path("playing").asBoolean()).isTrue();
        var stopped = api.post("/playlist/stop", "{\"playlistName\":\"Tavern Ambience\"}").at("/data/playlist");
        assertThat(stopped.path("playing").asBoolean()).isFalse();
        assertThat(playing(stopped)).isEmpty();

        api.post("/play-sound", "{\"src\":\"a.ogg\"}");
        api.post("/play-sound", "{\"src\":\"b.ogg\",\"loop\":true}");
        assertThat(api.post("/stop-sound", "{\"src\":\"a.ogg\"}").at("/data").toString()).isEqualTo("{\"stopped\":1,\"src\":\"a.ogg\"}");
        assertThat(api.post("/stop-sound", "{}").at("/data/stopped").asInt()).isEqualTo(1);
        assertThat(api.post("/playlist/play", "{\"playlistName\":\"Battle Music\",\"userId\":\"Bob\"}").error())
                .isEqualTo("User 'Bob' must be a GM to control playlists");
    }

    @Test
    void selectThenSelectedWithoutSelectingEverything() {
        var api = connect("select", "fvtt_d000000000000005");
        var selected = api.post("/select", "{\"name\":\"goblin archer\",\"overwrite\":true}");
        assertThat(selected.at("/count").asInt()).isEqualTo(2);
        var now = api.get("/selected").at("/selected");
        assertThat(now).hasSize(2);
        assertThat(now.get(0).path("tokenUuid").asText()).isEqualTo("Scene.Z01BZGaG7yOh3FZ9.Token.C3lrAmSJ2km14IKC");
        assertThat(world.selectedTokens()).containsExactly("C3lrAmSJ2km14IKC", "zi2Eg3h0p54qGzTY");
        api.post("/select", "{\"data\":{\"actor.type\":\"character\"}}");
        assertThat(world.selectedTokens()).containsExactly("C3lrAmSJ2km14IKC", "zi2Eg3h0p54qGzTY", "42ldGDinouxZjugn", "DD57Nb5srpS9wg1Q");
        assertThat(api.get("/get?selected=true&actor=true").at("/data")).hasSize(4);
        assertThat(api.post("/select", "{\"name\":\"Nobody\"}").error()).isEqualTo("No matching entities found");
    }

    @Test
    void selectForwardsDataOnlyWhenTheCallerGivesIt() {
        var scripted = new ScriptedWorld(m -> m.deepCopy().put("type", "select-result"));
        env.sims().connect(env.relay(), "fvtt_d000000000000006", env.relay().connectionToken("select-payload", "fvtt_d000000000000006"), scripted);
        var api = new WorldApi(env.relay(), env.relay().key("select-payload", "entity:read"));
        api.post("/select", "{\"name\":\"Wolf\"}");
        assertThat(scripted.received().getLast().has("data")).isFalse();
        api.post("/select", "{\"data\":{}}");
        assertThat(scripted.received().getLast().path("data").isObject()).isTrue();
        api.get("/selected");
        assertThat(scripted.received().getLast().path("data").isObject()).as("rows without data still carry {}").isTrue();
    }

    @Test
    void usersAreCreatedChangedAndDeletedByAGm() throws Exception {
        var api = connect("users", "fvtt_d000000000000007");
        var carol = api.post("/user", "{\"name\":\"Carol\",\"role\":2,\"password\":\"pw\"}").at("/data");
        assertThat(carol.path("role").asInt()).isEqualTo(2);
        assertThat(carol.has("password")).isFalse();
        var events = env.relay().key("users", "events:subscribe");
        try (var sse = org.foundryrelay.testing.SseClient.open(
                env.relay().uri("/chat/subscribe?clientId=fvtt_d000000000000007&userId=Carol"), "x-api-key", events)) {
            assertThat(sse.next(java.time.Duration.ofSeconds(5)).event()).as("the relay learnt the new user").isEqualTo("connected");
        }
        var changed = api.put("/user?name=carol", "{\"data\":{\"role\":3,\"color\":\"#123456\"}}").at("/data");
        assertThat(changed.path("isGM").asBoolean()).isTrue();
        assertThat(api.get("/user?id=" + carol.path("id").asText()).at("/data/color").asText()).isEqualTo("#123456");
        assertThat(api.get("/users").at("/data")).hasSize(4);
        assertThat(api.get("/players?userId=Alice").at("/users")).isEmpty();
        assertThat(api.get("/players").at("/users/3/name").asText()).isEqualTo("Carol");
        assertThat(api.delete("/user?name=Gamemaster").error()).isEqualTo("Cannot delete the currently active GM user");
        assertThat(api.delete("/user?name=Carol").at("/success").asBoolean()).isTrue();
        assertThat(api.get("/user?name=Carol").error()).isEqualTo("User not found");
        assertThat(world.users()).hasSize(3);
        assertThat(api.put("/user?name=Gamemaster", "{\"data\":{\"role\":1}}").error()).isEqualTo("Cannot demote the last GM user");
        assertThat(api.get("/world-info").at("/data/activeScene/name").asText()).isEqualTo("Cragmaw Hideout");
    }

    private static List<String> names(com.fasterxml.jackson.databind.JsonNode list) {
        var names = new ArrayList<String>();
        list.forEach(n -> names.add(n.path("name").asText()));
        return names;
    }

    private static List<String> playing(com.fasterxml.jackson.databind.JsonNode playlist) {
        var names = new ArrayList<String>();
        playlist.path("sounds").forEach(s -> {
            if (s.path("playing").asBoolean()) names.add(s.path("name").asText());
        });
        return names;
    }
}
