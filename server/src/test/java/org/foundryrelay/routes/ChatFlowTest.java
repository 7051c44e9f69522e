package org.foundryrelay.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.foundryrelay.json.Json;
import org.foundryrelay.sim.world.Channel;
import org.foundryrelay.sim.world.World;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.SseClient;
import org.foundryrelay.testing.WorldApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The chat log through the relay: post, whispers, delete, flush, and the live chat stream. */
class ChatFlowTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0"));

    private static final String ALICE = "kjKWREhbiGjlvhkT";

    private World world;

    private WorldApi connect(String account, String clientId, String... keyOptions) {
        world = SimWorlds.world(clientId);
        env.sims().connect(env.relay(), clientId, env.relay().connectionToken(account, clientId), world);
        return new WorldApi(env.relay(), env.relay().key(account, "all", keyOptions));
    }

    private static List<String> contents(WorldApi.Answer answer) {
        var list = new ArrayList<String>();
        answer.at("/data/messages").forEach(m -> list.add(m.path("content").asText()));
        return list;
    }

    @Test
    void postedMessagesAreReadNewestFirstAndWhispersOnlyByTheirRecipients() {
        var api = connect("chat", "fvtt_c000000000000001");
        var sent = api.post("/chat", "{\"content\":\"Psst\",\"whisper\":[\"Alice\"],\"speaker\":\"Actor.r6f4gUy0BQ8DEoFo\"}");
        assertThat(sent.at("/data/whisper").toString()).isEqualTo("[\"" + ALICE + "\"]");
        assertThat(sent.at("/data/speaker/alias").asText()).isEqualTo("Goblin Boss");
        api.post("/chat", "{\"content\":\"Hello all\",\"userId\":\"Bob\",\"chatType\":1}");

        assertThat(contents(api.get("/chat?limit=3"))).containsExactly("Hello all", "Psst", "Brom checks the door for traps.");
        assertThat(api.get("/chat").at("/data/total").asInt()).isEqualTo(5);
        assertThat(contents(api.get("/chat?userId=Bob"))).containsExactly("Hello all", "Brom checks the door for traps.",
                "Welcome to Phandalin!");
        assertThat(contents(api.get("/chat?userId=Alice"))).contains("Psst", "Aria notices a hidden door behind the tapestry.");
        assertThat(contents(api.get("/chat?chatType=1"))).containsExactly("Hello all");
        assertThat(contents(api.get("/chat?speaker=Brom%20Ironfist"))).containsExactly("Brom checks the door for traps.");
        assertThat(api.get("/chat?userId=Bob").at("/data/messages/0/author/name").asText()).isEqualTo("Bob");
    }

    @Test
    void deletingNeedsTheAuthorOrAGmAndFlushingAGm() {
        var api = connect("chat-delete", "fvtt_c000000000000002");
        var bobs = api.post("/chat", "{\"content\":\"mine\",\"userId\":\"Bob\"}").at("/data/id").asText();
        var refused = api.delete("/chat/" + bobs + "?userId=Alice");
        assertThat(refused.error()).isEqualTo("User 'Alice' does not have permission to delete this message");
        assertThat(refused.at("/success").asBoolean()).isFalse();
        assertThat(api.delete("/chat/" + bobs + "?userId=Bob").at("/data/messageId").asText()).isEqualTo(bobs);
        assertThat(api.delete("/chat/" + bobs).error()).isEqualTo("Chat message not found: " + bobs);
        assertThat(api.delete("/chat?userId=Bob").error()).isEqualTo("User 'Bob' must be a GM to flush chat messages");
        assertThat(api.delete("/chat").at("/data/message").asText()).isEqualTo("All chat messages have been deleted");
        assertThat(api.get("/chat").at("/data/total").asInt()).isZero();
        assertThat(world.snapshot().path("messages")).isEmpty();
    }

    @Test
    void rollsPostedToChatJoinTheLog() {
        var api = connect("chat-rolls", "fvtt_c000000000000003");
        api.post("/roll", "{\"formula\":\"1d1+2\",\"flavor\":\"Stealth\",\"createChatMessage\":true}");
        var newest = api.get("/chat?limit=1").at("/data/messages/0");
        assertThat(newest.path("isRoll").asBoolean()).isTrue();
        assertThat(newest.path("content").asText()).isEqualTo("3");
        assertThat(newest.path("flavor").asText()).isEqualTo("Stealth");
        assertThat(newest.at("/rolls/0/formula").asText()).isEqualTo("1d1+2");
    }

    @Test
    void theChatStreamCarriesCreatesAndDeletesAndAPlayerSeesOnlyItsWhispers() throws Exception {
        var api = connect("chat-stream", "fvtt_c000000000000004");
        var key = env.relay().key("chat-stream", "events:subscribe");
        try (var all = SseClient.open(env.relay().uri("/chat/subscribe?clientId=fvtt_c000000000000004"), "x-api-key", key);
             var bob = SseClient.open(env.relay().uri("/chat/subscribe?clientId=fvtt_c000000000000004&userId=Bob"), "x-api-key", key)) {
            assertThat(all.next(Duration.ofSeconds(5)).event()).isEqualTo("connected");
            assertThat(bob.next(Duration.ofSeconds(5)).event()).isEqualTo("connected");
            await().atMost(Duration.ofSeconds(5)).until(() -> world.activeChannels().contains(Channel.CHAT));
            var whisper = api.post("/chat", "{\"content\":\"secret\",\"whisper\":[\"Alice\"]}").at("/data/id").asText();
            var open = api.post("/chat", "{\"content\":\"hello\"}").at("/data/id").asText();
            api.delete("/chat/" + open);

            var created = all.next(Duration.ofSeconds(5));
            assertThat(created.event()).isEqualTo("chat-create");
            assertThat(Json.parse(created.data()).path("id").asText()).isEqualTo(whisper);
            assertThat(Json.parse(all.next(Duration.ofSeconds(5)).data()).path("content").asText()).isEqualTo("hello");
            var deleted = all.next(Duration.ofSeconds(5));
            assertThat(deleted.event()).isEqualTo("chat-delete");
            assertThat(deleted.data()).isEqualTo("{\"id\":\"" + open + "\"}");

            var first = bob.next(Duration.ofSeconds(5));
            assertThat(Json.parse(first.data()).path("content").asText()).as("the whisper to Alice is left out").isEqualTo("hello");
            assertThat(bob.next(Duration.ofSeconds(5)).event()).isEqualTo("chat-delete");
        }
    }
}
