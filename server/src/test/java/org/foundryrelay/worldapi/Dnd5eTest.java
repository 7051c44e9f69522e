package org.foundryrelay.worldapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.foundryrelay.sim.dice.Dice;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Fixture;
import org.foundryrelay.sim.world.World;
import org.foundryrelay.testing.RelayExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dnd5e routes through the relay, every answer checked against the actor's data in the simulated
 * world afterwards. Dice show 1s unless said otherwise, so outcomes are known.
 */
class Dnd5eTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0"));

    private static final String ARIA = "kHvRwMzzuVtYkwMJ", BROM = "FrCfZ4U2EqkNk6sE";
    /** Every die shows 1. */
    private static final RandomGenerator ONES = () -> 0L;

    private World world;

    private Calls connect(String account, String clientId) {
        world = World.builder(Fixture.bundled()).worldId(clientId + "-w").random(new SplittableRandom(3))
                .roller(new Dice(ONES)::roll).build();
        env.sims().connect(env.relay(), clientId, env.relay().connectionToken(account, clientId), world);
        return new Calls(env.relay(), env.relay().key(account, "dnd5e"));
    }

    private JsonNode actor(String id) {
        return Documents.byId(world.snapshot().withArray("actors"), id).orElseThrow();
    }

    private static JsonNode item(JsonNode actor, String name) {
        for (var i : actor.path("items")) if (i.path("name").asText().equals(name)) return i;
        throw new AssertionError("no item " + name);
    }

    @Test
    void aShortRestSpendsHitDiceAndALongRestRestoresSlotsAndHitPoints() {
        var api = connect("rests", "fvtt_8000000000000001");
        var shortRest = api.post("/dnd5e/short-rest", "{\"actorUuid\":\"Actor." + ARIA + "\",\"autoHD\":true}");
        assertThat(shortRest.status()).as(shortRest.text()).isEqualTo(200);
        // 22/32 hp, two of five d6 left, Constitution +2: each die heals 1 + 2, until fewer than 3 are missing or none is left
        assertThat(shortRest.body().at("/data/result/dhd").asInt()).isEqualTo(-2);
        assertThat(shortRest.body().at("/data/result/dhp").asInt()).isEqualTo(6);
        var aria = actor(ARIA);
        assertThat(aria.at("/system/attributes/hp/value").asInt()).isEqualTo(28);
        assertThat(item(aria, "Wizard").at("/system/hd/spent").asInt()).isEqualTo(5);

        var longRest = api.post("/dnd5e/long-rest", "{\"actorUuid\":\"Actor." + ARIA + "\"}");
        assertThat(longRest.body().at("/data/result/dhp").asInt()).as(longRest.text()).isEqualTo(4);
        aria = actor(ARIA);
        assertThat(aria.at("/system/attributes/hp/value").asInt()).isEqualTo(32);
        assertThat(aria.at("/system/spells/spell1/value").asInt()).isEqualTo(4);
        assertThat(aria.at("/system/spells/spell2/value").asInt()).isEqualTo(3);
        assertThat(item(aria, "Wizard").at("/system/hd/spent").asInt()).as("half of five hit dice come back").isEqualTo(3);
        assertThat(item(aria, "Wand of Magic Missiles").at("/system/uses/value").asInt()).isEqualTo(7);
    }

    @Test
    void aFailedConcentrationSaveBreaksConcentration() {
        var api = connect("concentration", "fvtt_8000000000000002");
        var before = api.get("/dnd5e/concentration?actorUuid=Actor." + ARIA);
        assertThat(before.body().at("/data/isConcentrating").asBoolean()).as(before.text()).isTrue();
        assertThat(before.body().at("/data/spell").asText()).isEqualTo("Fly");
        var save = api.post("/dnd5e/concentration-save", "{\"actorUuid\":\"Actor." + ARIA + "\",\"damage\":30}");
        assertThat(save.body().at("/data/dc").asInt()).as(save.text()).isEqualTo(15);
        assertThat(save.body().at("/data/total").asInt()).isEqualTo(3);
        assertThat(save.body().at("/data/maintained").asBoolean()).isFalse();
        assertThat(actor(ARIA).path("effects").findValuesAsText("name")).doesNotContain("Concentrating: Fly");
        assertThat(api.get("/dnd5e/concentration?actorName=aria%20windrunner").body().at("/data/isConcentrating").asBoolean()).isFalse();
        var again = api.post("/dnd5e/break-concentration", "{\"actorUuid\":\"Actor." + ARIA + "\"}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().path("error").asText()).isEqualTo("Actor 'Aria Windrunner' is not concentrating");
    }

    @Test
    void threeFailedDeathSavesMarkTheActorDead() {
        var api = connect("death", "fvtt_8000000000000003");
        var first = api.post("/dnd5e/death-save", "{\"actorUuid\":\"Actor." + BROM + "\"}");
        assertThat(first.body().at("/data/deathSaves/failure").asInt()).as("a natural 1 counts twice: " + first.text()).isEqualTo(2);
        assertThat(actor(BROM).path("effects").findValuesAsText("statuses")).isEmpty();
        var second = api.post("/dnd5e/death-save", "{\"actorUuid\":\"Actor." + BROM + "\"}");
        assertThat(second.body().at("/data/deathSaves/failure").asInt()).isEqualTo(3);
        var brom = actor(BROM);
        assertThat(brom.at("/system/attributes/death/failure").asInt()).isEqualTo(3);
        assertThat(brom.path("effects").findValues("statuses").toString()).contains("\"dead\"");
    }

    @Test
    void aCurrencyTransferKeepsTheTotal() {
        var api = connect("currency", "fvtt_8000000000000004");
        int gpBefore = actor(ARIA).at("/system/currency/gp").asInt() + actor(BROM).at("/system/currency/gp").asInt();
        var moved = api.post("/dnd5e/transfer-currency", "{\"sourceActorUuid\":\"Actor." + ARIA + "\",\"targetActorName\":\"Brom Ironfist\",\"currency\":{\"gp\":10,\"sp\":5}}");
        assertThat(moved.status()).as(moved.text()).isEqualTo(200);
        assertThat(moved.body().at("/data/sourceBalance/gp").asInt()).isEqualTo(65);
        assertThat(actor(ARIA).at("/system/currency/gp").asInt()).isEqualTo(65);
        assertThat(actor(BROM).at("/system/currency/gp").asInt()).isEqualTo(50);
        assertThat(actor(ARIA).at("/system/currency/gp").asInt() + actor(BROM).at("/system/currency/gp").asInt()).isEqualTo(gpBefore);
        assertThat(actor(BROM).at("/system/currency/sp").asInt()).isEqualTo(20);

        var tooMuch = api.post("/dnd5e/transfer-currency", "{\"sourceActorUuid\":\"Actor." + ARIA + "\",\"targetActorUuid\":\"Actor." + BROM + "\",\"currency\":{\"gp\":1,\"pp\":1}}");
        assertThat(tooMuch.body().path("error").asText()).isEqualTo("Insufficient pp: Aria Windrunner has 0, needs 1");
        assertThat(actor(ARIA).at("/system/currency/gp").asInt()).as("nothing moved").isEqualTo(65);

        var added = api.post("/dnd5e/modify-currency", "{\"uuid\":\"Actor." + BROM + "\",\"currency\":\"cp\",\"amount\":-5}");
        assertThat(added.body().at("/data/current").asInt()).as(added.text()).isZero();
        assertThat(actor(BROM).at("/system/currency/cp").asInt()).isZero();
    }

    @Test
    void equippingAndAttuningChangeTheItemsFlags() {
        var api = connect("gear", "fvtt_8000000000000005");
        var off = api.post("/dnd5e/equip-item", "{\"actorUuid\":\"Actor." + BROM + "\",\"itemName\":\"chain mail\",\"equipped\":false}");
        assertThat(off.body().at("/data/equipped").asBoolean()).as(off.text()).isFalse();
        assertThat(item(actor(BROM), "Chain Mail").at("/system/equipped").asBoolean()).isFalse();
        var ring = api.post("/dnd5e/attune-item", "{\"actorName\":\"Brom Ironfist\",\"itemName\":\"Ring of Protection\",\"attuned\":true}");
        assertThat(ring.body().at("/data/attuned").asBoolean()).as(ring.text()).isTrue();
        assertThat(item(actor(BROM), "Ring of Protection").at("/system/attuned").asBoolean()).isTrue();
        assertThat(api.post("/dnd5e/equip-item", "{\"actorUuid\":\"Actor." + BROM + "\",\"itemName\":\"Chain Mail\"}").body().path("error").asText())
                .isEqualTo("'equipped' is required");
        var prepared = api.post("/dnd5e/prepare-spell", "{\"actorUuid\":\"Actor." + ARIA + "\",\"spellName\":\"hold person\",\"prepared\":true}");
        assertThat(prepared.body().at("/data/prepared").asBoolean()).as(prepared.text()).isTrue();
        assertThat(item(actor(ARIA), "Hold Person").at("/system/preparation/prepared").asBoolean()).isTrue();
    }

    @Test
    void checksSpellsAndPermissionsFollowTheCharacter() {
        var api = connect("checks", "fvtt_8000000000000006");
        var arcana = api.post("/dnd5e/skill-check", "{\"actorUuid\":\"Actor." + ARIA + "\",\"skill\":\"arc\"}");
        assertThat(arcana.body().at("/data/formula").asText()).as(arcana.text()).isEqualTo("1d20 + 7");
        assertThat(arcana.body().at("/data/total").asInt()).isEqualTo(8);
        assertThat(api.post("/dnd5e/skill-check", "{\"actorUuid\":\"Actor." + ARIA + "\",\"skill\":\"xyz\"}").body().path("error").asText())
                .startsWith("Invalid skill 'xyz'. Valid skills: acr, ani, arc,");
        var cast = api.post("/dnd5e/use-spell", "{\"actorUuid\":\"Actor." + ARIA + "\",\"abilityName\":\"Magic Missile\"}");
        assertThat(cast.body().at("/data/damageRolls/0/total").asInt()).as(cast.text()).isEqualTo(6);
        assertThat(actor(ARIA).at("/system/spells/spell1/value").asInt()).isZero();
        var noSlot = api.post("/dnd5e/use-spell", "{\"actorUuid\":\"Actor." + ARIA + "\",\"abilityName\":\"Magic Missile\"}");
        assertThat(noSlot.body().path("error").asText()).isEqualTo("Action could not be performed");
        var hold = api.post("/dnd5e/use-spell", "{\"actorUuid\":\"Actor." + ARIA + "\",\"abilityName\":\"Fly\"}");
        assertThat(hold.status()).as(hold.text()).isEqualTo(200);
        var details = api.get("/dnd5e/get-actor-details?actorUuid=Actor." + ARIA + "&details=%5B%22stats%22%2C%22spells%22%5D");
        assertThat(details.body().at("/data/stats/profBonus").asInt()).as(details.text()).isEqualTo(3);
        assertThat(details.body().at("/data/spellSlots/spell3/value").asInt()).isEqualTo(1);
        var notHers = api.post("/dnd5e/short-rest", "{\"actorUuid\":\"Actor." + BROM + "\",\"userId\":\"Alice\"}");
        assertThat(notHers.body().path("error").asText())
                .isEqualTo("User 'Alice' does not have permission to perform a short rest on 'Brom Ironfist'");
        var npc = api.post("/dnd5e/modify-experience", "{\"actorUuid\":\"Actor.r6f4gUy0BQ8DEoFo\",\"amount\":50}");
        assertThat(npc.body().path("error").asText()).contains("does not have experience points");
        assertThat(api.post("/dnd5e/modify-experience", "{\"actorUuid\":\"Actor." + BROM + "\",\"amount\":300}").body().at("/data/newXp").asInt())
                .isEqualTo(1200);
        assertThat(actor(BROM).at("/system/details/xp/value").asInt()).isEqualTo(1200);
    }
}
