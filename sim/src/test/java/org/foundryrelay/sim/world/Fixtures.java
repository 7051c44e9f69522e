package org.foundryrelay.sim.world;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shared ids of the bundled fixture and helpers for driving a world with relay-shaped messages. */
final class Fixtures {
    static final String GM = "38AibNyyurlGFb0E", ALICE = "kjKWREhbiGjlvhkT", BOB = "p3SKQOo6Cd6rvau5";
    static final String ARIA = "kHvRwMzzuVtYkwMJ", BROM = "FrCfZ4U2EqkNk6sE", BOSS = "r6f4gUy0BQ8DEoFo",
            ARCHER = "gNCAI3Ao3pxTnHyf", ASSASSIN = "6t5YdIngBaVbVJBM", WOLF = "QKnY8qS0BFn7Bwpk";
    static final String CAVE = "Z01BZGaG7yOh3FZ9", TRAIL = "NoDxQshIISj3bb56";
    static final String T_ARIA = "42ldGDinouxZjugn", T_BROM = "DD57Nb5srpS9wg1Q", T_BOSS = "lRRLiiRejeKx0gbV",
            T_ARCHER1 = "C3lrAmSJ2km14IKC", T_ARCHER2 = "zi2Eg3h0p54qGzTY", T_ASSASSIN = "dXt5yN84Bl3WWWqW",
            T_TRAIL_ARIA = "ibY6PFcv7DJzk3i8", T_WOLF = "ju6BRoQowFgsH9R1";
    static final long NOW = 1_782_956_918_692L;

    private Fixtures() {}

    static String token(String sceneId, String tokenId) {
        return "Scene." + sceneId + ".Token." + tokenId;
    }

    static String cave(String tokenId) {
        return token(CAVE, tokenId);
    }

    /** The synthetic actor uuid of an unlinked token on the cave scene. */
    static String caveActor(String tokenId, String actorId) {
        return cave(tokenId) + ".Actor." + actorId;
    }

    static World world(ScriptedRoller roller) {
        return World.builder(Fixture.bundled()).random(new SplittableRandom(7)).roller(roller).clock(() -> NOW).build();
    }

    static Fixture fixture(String json) {
        return Fixture.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    static ObjectNode json(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** A request exactly as the relay sends it: params flattened next to type, requestId and data:{}. */
    static ObjectNode request(String type, String paramsJson) {
        var message = json(paramsJson == null ? "{}" : paramsJson);
        message.put("type", type);
        message.put("requestId", type + "_1782956929290");
        message.putArray("_scopes").add("encounter:manage");
        if (!message.has("data")) message.putObject("data"); // as the relay: data:{} only when the call has none
        return message;
    }

    static ObjectNode send(World world, String type, String paramsJson) {
        return world.handle(request(type, paramsJson));
    }

    static List<String> keys(JsonNode node) {
        var keys = new ArrayList<String>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    static void subscribe(World world, String channel, int count) {
        assertThat(world.handle(json("{'type':'event-subscription-update','channel':'" + channel + "','count':" + count + "}")))
                .isNull();
    }

    /** Collects pushed messages. */
    static List<ObjectNode> attachOutbox(World world) {
        var pushed = new CopyOnWriteArrayList<ObjectNode>();
        world.attach(pushed::add);
        return pushed;
    }
}
