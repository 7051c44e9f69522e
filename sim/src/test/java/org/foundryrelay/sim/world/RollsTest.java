package org.foundryrelay.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.foundryrelay.sim.world.Fixtures.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code rolls}, {@code last-roll} and {@code roll}: shapes, limits, the ring buffer and speakers. */
class RollsTest {
    private final ScriptedRoller roller = new ScriptedRoller();
    private final World world = Fixtures.world(roller);

    private void rollMany(int count) {
        for (int i = 1; i <= count; i++) {
            roller.then(1 + i % 20);
            send(world, "roll", "{'formula':'1d20 + " + i + "'}");
        }
    }

    private List<String> formulas(String paramsJson) {
        var list = new ArrayList<String>();
        send(world, "rolls", paramsJson).get("data").forEach(e -> list.add(e.get("formula").asText()));
        return list;
    }

    @Test
    void emptyBuffer() {
        assertThat(send(world, "last-roll", null).toString())
                .isEqualTo("{\"type\":\"last-roll-result\",\"requestId\":\"last-roll_1782956929290\",\"data\":null}");
        assertThat(send(world, "rolls", "{'limit':20}").toString())
                .isEqualTo("{\"type\":\"rolls-result\",\"requestId\":\"rolls_1782956929290\",\"data\":[]}");
    }

    @Test
    void rollReplyAndStoredEntry() {
        roller.then(3, 17);
        var reply = send(world, "roll", "{'formula':'2d20kh','flavor':'Test Roll','createChatMessage':true,'userId':'bob'}");
        assertThat(keys(reply)).containsExactly("type", "requestId", "success", "data");
        assertThat(reply.get("success").asBoolean()).isTrue();
        var data = reply.get("data");
        assertThat(keys(data)).containsExactly("id", "chatMessageCreated", "roll");
        var id = data.get("id").asText();
        assertThat(id).matches("manual_" + NOW + "_[0-9a-z]{11}");
        assertThat(data.get("chatMessageCreated").asBoolean()).isTrue();
        assertThat(data.get("roll").toString()).isEqualTo("{\"formula\":\"2d20kh\",\"total\":17,\"isCritical\":false,"
                + "\"isFumble\":false,\"dice\":[{\"faces\":20,\"results\":[{\"result\":3,\"active\":false},"
                + "{\"result\":17,\"active\":true}]}],\"timestamp\":" + NOW + "}");

        var last = send(world, "last-roll", null).get("data");
        assertThat(last.toString()).isEqualTo("{\"id\":\"" + id + "\",\"messageId\":\"" + id + "\",\"user\":null,"
                + "\"speaker\":{},\"flavor\":\"Test Roll\",\"rollTotal\":17,\"formula\":\"2d20kh\",\"isCritical\":false,"
                + "\"isFumble\":false,\"dice\":[{\"faces\":20,\"results\":[{\"result\":3,\"active\":false},"
                + "{\"result\":17,\"active\":true}]}],\"timestamp\":" + NOW + "}");
        // Without roll-events on, the chat hook records nothing: one entry only.
        assertThat(send(world, "rolls", null).get("data")).hasSize(1);
    }

    @Test
    void rollWithoutChatMessageHasNullMessageId() {
        roller.then(20);
        var reply = send(world, "roll", "{'formula':'1d20'}");
        assertThat(reply.get("data").get("chatMessageCreated").asBoolean()).isFalse();
        assertThat(reply.get("data").get("roll").get("isCritical").asBoolean()).isTrue();
        var entry = send(world, "last-roll", null).get("data");
        assertThat(entry.get("messageId").isNull()).isTrue();
        assertThat(entry.get("flavor").asText()).isEmpty();
    }

    @Test
    void badFormula() {
        var reply = send(world, "roll", "{'formula':'1d20 + banana'}");
        assertThat(reply.toString()).isEqualTo("{\"type\":\"roll-result\",\"requestId\":\"roll_1782956929290\","
                + "\"success\":false,\"error\":\"Failed to roll formula: Unresolved StringTerm 1d20 + banana requested for evaluation\"}");
        assertThat(send(world, "roll", null).get("error").asText()).isEqualTo("Failed to roll formula: no formula given");
        assertThat(send(world, "last-roll", null).get("data").isNull()).isTrue();
    }

    @Test
    void ringBufferKeepsTheNewestTwenty() {
        rollMany(25);
        var all = formulas(null);
        assertThat(all).hasSize(20);
        assertThat(all.getFirst()).isEqualTo("1d20 + 25");
        assertThat(all.getLast()).isEqualTo("1d20 + 6");
        assertThat(send(world, "last-roll", null).get("data").get("formula").asText()).isEqualTo("1d20 + 25");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}                 | 20",
        "{'limit':5}        | 5",
        "{'limit':0}        | 20",
        "{'limit':null}     | 20",
        "{'limit':100}      | 20",
        "{'limit':2.7}      | 2",
        "{'limit':-3}       | 17",
        "{'limit':-2.5}     | 18",
        "{'limit':-30}      | 0",
        "{'limit':'3'}      | 3",
        "{'limit':'0'}      | 0",
        "{'limit':'abc'}    | 0",
        "{'limit':''}       | 20"})
    void limitFollowsSliceSemantics(String params, int expected) {
        rollMany(20);
        var got = formulas(params);
        assertThat(got).hasSize(expected);
        if (expected > 0) assertThat(got.getFirst()).isEqualTo("1d20 + 20");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Scene.Z01BZGaG7yOh3FZ9.Token.lRRLiiRejeKx0gbV | {'token':'lRRLiiRejeKx0gbV','actor':'r6f4gUy0BQ8DEoFo','scene':'Z01BZGaG7yOh3FZ9','alias':'Goblin Boss'}",
        "Actor.kHvRwMzzuVtYkwMJ                        | {'token':'42ldGDinouxZjugn','actor':'kHvRwMzzuVtYkwMJ','scene':'Z01BZGaG7yOh3FZ9','alias':'Aria Windrunner'}",
        "Actor.QKnY8qS0BFn7Bwpk                        | {'actor':'QKnY8qS0BFn7Bwpk','alias':'Wolf'}",
        "Scene.NoDxQshIISj3bb56.Token.ju6BRoQowFgsH9R1.Actor.QKnY8qS0BFn7Bwpk | {'actor':'QKnY8qS0BFn7Bwpk','alias':'Wolf'}",
        "Actor.doesNotExist0000                        | {}",
        "Scene.Z01BZGaG7yOh3FZ9                        | {}"})
    void speakerResolution(String uuid, String expected) {
        roller.then(4);
        send(world, "roll", "{'formula':'1d4','speaker':'" + uuid + "'}");
        assertThat(send(world, "last-roll", null).get("data").get("speaker")).isEqualTo(json(expected));
    }

    @Test
    void whisperedRollsAreStoredUnfilteredForEveryUser() {
        roller.then(5);
        send(world, "roll", "{'formula':'1d8','whisper':['" + GM + "'],'createChatMessage':true}");
        assertThat(send(world, "rolls", "{'userId':'Alice'}").get("data")).hasSize(1);
        assertThat(send(world, "last-roll", "{'userId':'" + BOB + "'}").get("data").get("rollTotal").asInt()).isEqualTo(5);
    }
}
