package org.foundryrelay.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.foundryrelay.sim.world.Fixtures.keys;
import static org.foundryrelay.sim.world.Fixtures.send;
import static org.foundryrelay.sim.world.Fixtures.subscribe;

import org.foundryrelay.sim.world.scripts.Scripts;
import org.junit.jupiter.api.Test;

/** Chat events and the chat log; JavaScript in its sandbox and behind the world's settings. */
class ChatAndScriptsTest {
    private final ScriptedRoller roller = new ScriptedRoller();
    private final World world = Fixtures.world(roller);

    @Test
    void chatChangesArePushedWhileTheChannelIsOn() {
        var pushed = Fixtures.attachOutbox(world);
        send(world, "chat-send", "{'content':'quiet'}");
        assertThat(pushed).isEmpty();
        subscribe(world, "chat-events", 1);
        var sent = send(world, "chat-send", "{'content':'loud','alias':'Narrator'}");
        assertThat(keys(sent.get("data"))).containsExactly("id", "uuid", "content", "speaker", "timestamp", "whisper", "type",
                "author", "flavor", "isRoll", "rolls", "flags");
        assertThat(pushed).hasSize(1);
        assertThat(pushed.getFirst().at("/data/eventType").asText()).isEqualTo("create");
        assertThat(pushed.getFirst().at("/data/data/speaker/alias").asText()).isEqualTo("Narrator");
        send(world, "chat-delete", "{'messageId':'" + sent.at("/data/id").asText() + "'}");
        assertThat(pushed.get(1).toString()).isEqualTo("{\"type\":\"chat-event\",\"data\":{\"eventType\":\"delete\",\"data\":{\"id\":\""
                + sent.at("/data/id").asText() + "\"}}}");
    }

    @Test
    void aRollTypedInChatJoinsTheLog() {
        roller.then(5);
        var message = world.chatRoll("Alice", "1d6", "Perception");
        var newest = send(world, "chat-messages", "{'limit':1}").at("/data/messages/0");
        assertThat(newest.path("id").asText()).isEqualTo(message.id());
        assertThat(newest.path("content").asText()).isEqualTo("5");
        assertThat(newest.at("/author/name").asText()).isEqualTo("Alice");
    }

    @Test
    void scriptsSeeTheFacadeButNoJavaAndStopInTime() throws Exception {
        var world = Json.object();
        world.putArray("actors").addObject().put("_id", "a1").put("name", "Aria");
        var result = Scripts.run("return game.actors.get('a1').name + ' ' + args.n;", world, Json.object().put("n", 2), d -> d);
        assertThat(result.asText()).isEqualTo("Aria 2");
        assertThat(Scripts.run("return undefined;", world, null, d -> d).isNull()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Scripts.run("return java.lang.Runtime;", world, null, d -> d))
                .isInstanceOf(Scripts.ScriptFailure.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Scripts.run("return Packages.java.io.File;", world, null, d -> d))
                .isInstanceOf(Scripts.ScriptFailure.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Scripts.run("for (;;) {}", world, null, d -> d))
                .hasMessage("script time limit exceeded");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Scripts.run("return (", world, null, d -> d))
                .isInstanceOf(Scripts.ScriptFailure.class);
    }

    @Test
    void codeRunsOnlyForTheRoleTheSettingNames() {
        assertThat(send(world, "execute-js", "{'script':'return 1;','userId':'Bob'}").path("error").asText())
                .isEqualTo("User Bob does not have permission to execute code (requires role 4+)");
        world.setting("codeExecutionPermission", 1);
        var asBob = send(world, "execute-js", "{'script':'return game.user.name;','userId':'Bob'}");
        assertThat(keys(asBob)).containsExactly("type", "requestId", "success", "result");
        assertThat(asBob.path("result").asText()).isEqualTo("Bob");
        assertThat(send(world, "execute-js", "{'script':42}").path("error").asText()).isEqualTo("Invalid script provided");
        assertThat(send(world, "execute-js", "{'script':'const s = game.settings; s.set(`foundry-rest-api`, `allowExecuteJs`, true);'}").path("error").asText())
                .isEqualTo("Scripts cannot modify REST API module settings");
        assertThat(send(world, "execute-js", "{'script':'return `foundry-rest-api`;'}").path("result").asText())
                .isEqualTo("foundry-rest-api");
        assertThat(send(world, "macro-execute", "{'uuid':'Macro.Mh8Pq1Zs6Wd3Kv9J'}").at("/result/0/name").asText())
                .isEqualTo("Aria Windrunner");
        assertThat(send(world, "macro-execute", "{}").path("error").asText()).isEqualTo("Macro UUID is required");
    }

    @Test
    void usersAndPlayersFollowTheGmRules() {
        assertThat(send(world, "get-users", "{'userId':'Alice'}").path("error").asText()).isEqualTo("User 'Alice' must be a GM to list users");
        assertThat(keys(send(world, "get-user", "{'name':'alice'}").get("data")))
                .containsExactly("id", "name", "role", "isGM", "active", "color", "avatar", "character");
        assertThat(send(world, "players", "{'userId':'Bob'}").toString()).endsWith("\"users\":[]}");
        var info = send(world, "world-info", null).get("data");
        assertThat(keys(info)).containsExactly("world", "system", "foundryVersion", "modules", "users", "activeScene");
    }
}
