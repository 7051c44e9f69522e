package org.foundryrelay.docs;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.SplittableRandom;
import org.foundryrelay.json.Json;
import org.foundryrelay.routes.Route;
import org.foundryrelay.routes.RouteTable;
import org.foundryrelay.sim.world.Fixture;
import org.foundryrelay.sim.world.World;
import org.foundryrelay.testing.ApiSocket;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.SseClient;
import org.foundryrelay.testing.SwappableWorld;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.Test;

/**
 * Runs every documented example against a relay and a simulated world with a fixed seed and clock,
 * renders the API pages from the route table and the real answers, and checks them against
 * {@code docs/api/*.md}. Regenerate after a change with
 * {@code ./mvnw -pl server -am test -Dtest=ApiDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Ddocs.write=true}.
 */
class ApiDocsTest {
    private static final String CLIENT = "fvtt_d0c5d0c5d0c5d0c5";
    private static final long NOW = 1_795_000_000_000L;
    private static final Path DOCS = Path.of("..", "docs", "api");

    private TestRelay relay;
    private SwappableWorld worlds;
    private World world;
    private String key;
    private final Map<String, Route> routes = new LinkedHashMap<>();

    private Route route(String path) {
        return routes.get(path);
    }

    @Test
    void theApiPagesMatchWhatTheRelayReallyAnswers() throws Exception {
        RouteTable.all().forEach(r -> routes.put(r.path(), r));
        try (var relay = TestRelay.start(Map.of("PER_MINUTE_REQUEST_LIMIT", "0"));
             var sims = new SimWorlds()) {
            this.relay = relay;
            worlds = new SwappableWorld(() -> World.builder(Fixture.bundled()).random(new SplittableRandom(2024)).clock(() -> NOW).build());
            world = worlds.current();
            sims.connect(relay, CLIENT, relay.connectionToken("docs", CLIENT), worlds);
            key = relay.key("docs", "all");
            var pages = new LinkedHashMap<String, String>();
            pages.put("encounters.md", encounters());
            pages.put("rolls.md", rolls());
            pages.put("events.md", events());
            pages.put("websocket.md", websocket());
            pages.putAll(WorldApiPages.render(relay, world, key, CLIENT, NOW));
            var generated = new LinkedHashSet<String>();
            RouteTable.all().forEach(r -> generated.add(r.group()));
            generated.removeAll(java.util.Set.of("encounters", "rolls"));
            for (var group : generated) {
                if (!pages.containsKey(group + ".md")) pages.put(group + ".md", GroupPages.render(group, this::exampleAnswer, this::errorAnswer));
            }
            for (var page : pages.entrySet()) check(page.getKey(), page.getValue());
        }
    }

    private void check(String file, String markdown) throws Exception {
        var path = DOCS.resolve(file);
        if (Boolean.getBoolean("docs.write")) {
            Files.createDirectories(DOCS);
            Files.writeString(path, markdown);
            return;
        }
        assertThat(path).as("docs/api/" + file + " exists (regenerate with -Ddocs.write=true)").exists();
        assertThat(Files.readString(path)).as("docs/api/" + file + " is up to date (regenerate with -Ddocs.write=true)")
                .isEqualTo(markdown);
    }

    // --- running examples --------------------------------------------------------------------------

    private record Answer(int status, String body) {}

    private Answer call(String method, String pathAndQuery, String body) {
        var uri = relay.uri(pathAndQuery.replace("$CLIENT_ID", CLIENT));
        var r = method.equals("GET") ? Http.get(uri, "x-api-key", key)
                : Http.method(uri, method, body == null ? "{}" : body, "x-api-key", key, "Content-Type", "application/json");
        // requestIds carry a clock and a sequence number; pin them so the page is stable
        return new Answer(r.statusCode(), r.body().replaceAll("\"requestId\":\"([a-z-]+)_\\d+_\\d+\"", "\"requestId\":\"$1_" + NOW + "_1\""));
    }

    private static String curl(String method, String pathAndQuery, String body) {
        var sb = new StringBuilder("curl -s");
        if (!method.equals("GET")) sb.append(" -X ").append(method);
        sb.append(" \"http://localhost:3010").append(pathAndQuery).append("\" \\\n  -H \"x-api-key: $API_KEY\"");
        if (body != null) sb.append(" \\\n  -H \"Content-Type: application/json\" -d '").append(body).append("'");
        return sb.toString();
    }

    /** A row's example on a fresh world, as {@link GroupPages} documents it. */
    private GroupPages.Shown exampleAnswer(Route route) {
        worlds.reset();
        var example = route.example().orElseThrow(() -> new AssertionError(route.path() + " has no example"));
        var shown = GroupPages.withClient(example.pathAndQuery());
        var answer = call(route.method().name(), shown, example.body());
        return new GroupPages.Shown(curl(route.method().name(), shown, example.body()), answer.status(), answer.body());
    }

    /** An error call on a fresh world. */
    private GroupPages.Shown errorAnswer(String method, String pathAndQuery, String body) {
        worlds.reset();
        var shown = GroupPages.withClient(pathAndQuery);
        var answer = call(method, shown, body);
        return new GroupPages.Shown(curl(method, shown, body), answer.status(), answer.body());
    }

    private Answer documented(DocPage page, String caption, String method, String pathAndQuery, String body) {
        var answer = call(method, pathAndQuery, body);
        page.example(caption, curl(method, pathAndQuery, body), answer.status(), answer.body());
        return answer;
    }

    private Answer example(DocPage page, String path, String query, String body) {
        var r = route(path);
        page.route(r);
        return documented(page, "Example:", r.method().name(), path + query, body);
    }

    // --- pages -------------------------------------------------------------------------------------

    private String encounters() throws Exception {
        var page = new DocPage("Encounters", """
                Combats of a connected world: list them, start one from the active scene, move through turns and \
                rounds, add and remove combatants, end it. Every call takes `clientId` (query) and an optional \
                `userId` (query or body): a Foundry user id or name to act as. Without it the call runs with the \
                GM's rights; with a player, hidden combatants are left out and GM-only actions are refused. A key \
                bound to a Foundry user always acts as that user. The combat to act on can be given as \
                `encounterId` or `encounter`, in the body or the query; it defaults to the active combat.""");
        var scene = world.fixture().activeScene().orElseThrow();
        var boss = scene.tokens().stream().filter(t -> t.name().equals("Goblin Boss")).findFirst().orElseThrow();
        var bossUuid = "Scene." + scene.id() + ".Token." + boss.id();
        var started = example(page, "/start-encounter", "?clientId=$CLIENT_ID", "{\"startWithPlayers\":true,\"rollAll\":true}");
        var encounterId = Json.parse(started.body()).path("encounterId").asText();
        example(page, "/encounters", "?clientId=$CLIENT_ID", null);
        example(page, "/next-turn", "?clientId=$CLIENT_ID", "{\"encounterId\":\"" + encounterId + "\"}");
        example(page, "/next-round", "?clientId=$CLIENT_ID", "{}");
        example(page, "/last-turn", "?clientId=$CLIENT_ID", "{}");
        example(page, "/last-round", "?clientId=$CLIENT_ID", "{}");
        example(page, "/add-to-encounter", "?clientId=$CLIENT_ID", "{\"uuids\":[\"" + bossUuid + "\"],\"rollInitiative\":true}");
        example(page, "/remove-from-encounter", "?clientId=$CLIENT_ID", "{\"uuids\":[\"" + bossUuid + "\"]}");
        example(page, "/end-encounter", "?clientId=$CLIENT_ID&encounterId=" + encounterId, "{}");
        page.heading("Errors");
        documented(page, "A player may not start a combat (the module's own message, HTTP 400):", "POST",
                "/start-encounter?clientId=$CLIENT_ID", "{\"startWithPlayers\":true,\"userId\":\"Alice\"}");
        documented(page, "No active combat:", "POST", "/next-turn?clientId=$CLIENT_ID", "{}");
        documented(page, "An unknown user:", "GET", "/encounters?clientId=$CLIENT_ID&userId=Nobody", null);
        documented(page, "A world that is not connected:", "GET", "/encounters?clientId=fvtt_0000000000000000", null);
        page.text("A world that does not answer within the timeout gives HTTP 408 `{\"error\":\"Request timed out\"}`; "
                + "one that disconnects while the call waits gives HTTP 502 `{\"error\":\"Foundry world disconnected before answering\",\"clientId\":\"…\"}`.");
        return page.markdown();
    }

    private String rolls() {
        var page = new DocPage("Rolls", """
                Roll dice in a world and read its recent rolls. Formulas are Foundry's: `2d20kh`, `4d6dl1`, \
                `1d20+5[strength]`, `3d6x`, `(1d8+2)*2`, … `GET /rolls` and `GET /lastroll` return the rolls the \
                module recorded (made through `POST /roll`, or, while someone listens to roll events, rolled in \
                Foundry's chat), newest first, at most 20.""");
        example(page, "/roll", "?clientId=$CLIENT_ID", "{\"formula\":\"2d20kh+5\",\"flavor\":\"Attack\",\"createChatMessage\":true}");
        example(page, "/rolls", "?clientId=$CLIENT_ID&limit=1", null);
        example(page, "/lastroll", "?clientId=$CLIENT_ID", null);
        page.heading("Errors");
        documented(page, "An invalid formula (the module's own message, HTTP 400):", "POST", "/roll?clientId=$CLIENT_ID", "{\"formula\":\"2d\"}");
        documented(page, "A missing formula:", "POST", "/roll?clientId=$CLIENT_ID", "{}");
        documented(page, "A limit that is not a number:", "GET", "/rolls?clientId=$CLIENT_ID&limit=many", null);
        return page.markdown();
    }

    private String events() throws Exception {
        var page = new DocPage("Events", """
                Live events over Server-Sent Events. Scope `events:subscribe`; `clientId` is required. Responses \
                carry `Content-Type: text/event-stream` and `Cache-Control: no-cache`, whatever the request's \
                `Accept` header (HTTP/1.1 keeps the connection open by default, so the server leaves out a \
                redundant `Connection: keep-alive`). The stream starts at once with `event: connected`; a `: keepalive` comment follows every 15 seconds. Each \
                event has an `id:`: a client that reconnects with `Last-Event-ID` (EventSource does this by itself) \
                receives what it missed, without duplicates. Subscribing switches the world's module channel on; \
                the last stream closing switches it off. At most 10 streams per world and channel (\
                `SSE_MAX_STREAMS`); more get HTTP 429. When the world disconnects, each stream receives \
                `event: disconnected` and ends.""");
        page.heading("`GET /rolls/subscribe`");
        page.text("Every roll that creates a chat message in the world — `POST /roll` with `createChatMessage`, or a "
                + "roll made in Foundry — as `event: roll` whose data is the roll object itself. Optional `userId` "
                + "(id or name): only that user's rolls; a key bound to a Foundry user sees only that user's rolls.");
        try (var sse = SseClient.open(relay.uri("/rolls/subscribe?clientId=" + CLIENT), "x-api-key", key)) {
            var transcript = new StringBuilder(frame(sse.next(Duration.ofSeconds(5)), 0));
            awaitChannelOn(org.foundryrelay.sim.world.Channel.ROLL);
            world.chatRoll("Alice", "1d20+3", "Stealth");
            transcript.append(frame(sse.next(Duration.ofSeconds(5)), 1));
            page.stream("Example:", "curl -N \"http://localhost:3010/rolls/subscribe?clientId=$CLIENT_ID\" -H \"x-api-key: $API_KEY\"",
                    transcript.toString());
        }
        page.heading("`GET /encounters/subscribe`");
        page.text("Combat changes: `combat-start`, `combat-turn`, `combat-combatant-add`, `combat-combatant-remove`, "
                + "`combat-end`, each with the module's combat data. Optional `encounterId`: only that combat. As in "
                + "Foundry, a combat starts before its combatants are added, so `combat-start` lists none; the "
                + "`combat-combatant-add` events follow. Below: a combat started with the players, one turn, then ended.");
        try (var sse = SseClient.open(relay.uri("/encounters/subscribe?clientId=" + CLIENT), "x-api-key", key)) {
            var transcript = new StringBuilder(frame(sse.next(Duration.ofSeconds(5)), 0));
            awaitChannelOn(org.foundryrelay.sim.world.Channel.COMBAT);
            call("POST", "/start-encounter?clientId=$CLIENT_ID", "{\"startWithPlayers\":true}");
            call("POST", "/next-turn?clientId=$CLIENT_ID", "{}");
            call("POST", "/end-encounter?clientId=$CLIENT_ID", "{}");
            for (int i = 2; i < 20; i++) {
                var f = sse.next(Duration.ofSeconds(5));
                transcript.append(frame(f, i));
                if (f.event().equals("combat-end")) break;
            }
            page.stream("Example:", "curl -N \"http://localhost:3010/encounters/subscribe?clientId=$CLIENT_ID\" -H \"x-api-key: $API_KEY\"",
                    transcript.toString());
        }
        page.heading("`GET /chat/subscribe`");
        page.text("Chat messages as they are created (`chat-create`, the message as `GET /chat` shows it), changed "
                + "(`chat-update`) and deleted (`chat-delete`, `{id}`). Optional filters: `speaker` (the speaker's alias), "
                + "`whisperOnly=true`, and `userId`: only what that user may read (whispers to others left out unless the "
                + "user is a GM); a key bound to a Foundry user always gets that user's view. Below: a message posted, then deleted.");
        try (var sse = SseClient.open(relay.uri("/chat/subscribe?clientId=" + CLIENT), "x-api-key", key)) {
            var transcript = new StringBuilder(frame(sse.next(Duration.ofSeconds(5)), 0));
            awaitChannelOn(org.foundryrelay.sim.world.Channel.CHAT);
            var posted = call("POST", "/chat?clientId=$CLIENT_ID", "{\"content\":\"Roll for initiative!\"}");
            var messageId = Json.parse(posted.body()).at("/data/id").asText();
            transcript.append(frame(sse.next(Duration.ofSeconds(5)), 1));
            call("DELETE", "/chat/" + messageId + "?clientId=$CLIENT_ID", null);
            transcript.append(frame(sse.next(Duration.ofSeconds(5)), 2));
            page.stream("Example:", "curl -N \"http://localhost:3010/chat/subscribe?clientId=$CLIENT_ID\" -H \"x-api-key: $API_KEY\"",
                    transcript.toString());
        }
        page.heading("Errors");
        documented(page, "Without `clientId`:", "GET", "/rolls/subscribe", null);
        documented(page, "An unknown user:", "GET", "/rolls/subscribe?clientId=$CLIENT_ID&userId=Nobody", null);
        return page.markdown();
    }

    private String websocket() throws Exception {
        var page = new DocPage("Client WebSocket `/ws/api`", WebSocketPage.INTRO);
        var sessionKey = relay.key("docs", "roll:read,roll:execute,events:subscribe");
        var lines = new StringBuilder();
        try (var ws = ApiSocket.open(relay, "")) {
            var session = new WebSocketPage.Session(ws, lines);
            session.send("{\"type\":\"auth\",\"token\":\"" + sessionKey + "\"}");
            session.receive();
            session.send("{\"type\":\"roll\",\"requestId\":\"r1\",\"formula\":\"2d20kh+5\",\"flavor\":\"Attack\"}");
            session.receive();
            session.send("{\"type\":\"subscribe\",\"channel\":\"roll-events\",\"requestId\":\"s1\"}");
            session.receive();
            awaitChannelOn(org.foundryrelay.sim.world.Channel.ROLL);
            world.chatRoll("Alice", "1d20+3", "Stealth");
            session.receive();
            session.send("{\"type\":\"start-encounter\",\"requestId\":\"e1\"}");
            session.receive();
            session.send("{\"type\":\"roll\",\"requestId\":\"r2\"}");
            session.receive();
            session.send("{\"type\":\"teleport\",\"requestId\":\"t1\"}");
            session.receive();
            session.send("{\"type\":\"unsubscribe\",\"requestId\":\"u1\"}");
            session.receive();
        }
        page.heading("A session");
        page.transcript("A key with `roll:read`, `roll:execute` and `events:subscribe`: it connects, rolls, subscribes to "
                + "rolls, receives one made in Foundry, is refused a combat (no `encounter:manage`), sends a roll "
                + "without its formula and an unknown type, and unsubscribes. `→` is what the client sent, `←` what the relay "
                + "sent.", lines.toString().replace(sessionKey, "$API_KEY"));
        page.text(WebSocketPage.REFERENCE);
        return page.markdown();
    }

    private void awaitChannelOn(org.foundryrelay.sim.world.Channel channel) throws InterruptedException {
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> world.activeChannels().contains(channel));
    }

    // Event ids come from the relay's clock; number them from a fixed base so the page is stable.
    private static String frame(SseClient.Frame f, int index) {
        var sb = new StringBuilder();
        if (f.id() != null) sb.append("id: ").append(NOW * 1000 + index).append('\n');
        return sb.append("event: ").append(f.event()).append("\ndata: ").append(f.data()).append("\n\n").toString();
    }
}
