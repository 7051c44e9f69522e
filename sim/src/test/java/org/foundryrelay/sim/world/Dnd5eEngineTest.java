package org.foundryrelay.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.foundryrelay.sim.world.Fixtures.ARIA;
import static org.foundryrelay.sim.world.Fixtures.BROM;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The simulator's dnd5e rules with scripted dice: what each action rolls and what it changes on the actor. */
class Dnd5eEngineTest {
    private final ScriptedRoller dice = new ScriptedRoller();
    private final World world = Fixtures.world(dice);

    private com.fasterxml.jackson.databind.node.ObjectNode send(String type, String params) {
        return Fixtures.send(world, type, params);
    }

    private JsonNode actor(String id) {
        return Documents.byId(world.snapshot().withArray("actors"), id).orElseThrow();
    }

    private static JsonNode item(JsonNode actor, String name) {
        for (var i : actor.path("items")) if (i.path("name").asText().equals(name)) return i;
        throw new AssertionError(name);
    }

    @Test
    void savesAddTheProficiencyOfProficientAbilitiesAndAdvantageKeepsTheHigherDie() {
        dice.then(5, 17);
        var save = send("ability-save", "{'actorUuid':'Actor." + ARIA + "','ability':'wis','advantage':true}");
        assertThat(save.at("/data/formula").asText()).isEqualTo("2d20kh + 4");
        assertThat(save.at("/data/total").asInt()).isEqualTo(21);
        dice.then(10);
        var check = send("ability-check", "{'actorUuid':'Actor." + ARIA + "','ability':'str'}");
        assertThat(check.at("/data/formula").asText()).isEqualTo("1d20 - 1");
        assertThat(send("ability-check", "{'actorUuid':'Actor." + ARIA + "','ability':'luck'}").path("error").asText())
                .isEqualTo("Invalid ability 'luck'. Valid abilities: str, dex, con, int, wis, cha");
    }

    @Test
    void skillsAndPassivesComeFromAbilitiesAndProficiency() {
        var details = send("get-actor-details", "{'actorUuid':'Actor." + ARIA + "','details':['skills','abilities','stats']}");
        assertThat(details.at("/data/skills/arc/total").asInt()).isEqualTo(7);
        assertThat(details.at("/data/skills/arc/passive").asInt()).isEqualTo(17);
        assertThat(details.at("/data/skills/prc/total").asInt()).isEqualTo(4);
        assertThat(details.at("/data/abilities/int/save").asInt()).isEqualTo(7);
        assertThat(details.at("/data/stats/level").asInt()).isEqualTo(5);
        assertThat(details.at("/data/skills").size()).isEqualTo(18);
    }

    @Test
    void aNaturalTwentyOnADeathSaveRevivesAndThreeSuccessesStabilise() {
        dice.then(20);
        var revived = send("death-save", "{'actorUuid':'Actor." + BROM + "'}");
        assertThat(revived.at("/data/deathSaves/success").asInt()).isZero();
        assertThat(actor(BROM).at("/system/attributes/hp/value").asInt()).isEqualTo(1);
        dice.then(12, 15, 10);
        for (int i = 0; i < 3; i++) send("death-save", "{'actorUuid':'Actor." + BROM + "'}");
        assertThat(actor(BROM).at("/system/attributes/death/success").asInt()).isEqualTo(3);
        assertThat(actor(BROM).path("effects").findValues("statuses").toString()).contains("stable").doesNotContain("dead");
    }

    @Test
    void aShortRestRecoversShortRestUsesWithoutSpendingDiceUnlessAsked() {
        assertThat(item(actor(BROM), "Action Surge").at("/system/uses/value").asInt()).isZero();
        var rest = send("short-rest", "{'actorUuid':'Actor." + BROM + "'}");
        assertThat(rest.at("/data/result/dhd").asInt()).isZero();
        assertThat(item(actor(BROM), "Action Surge").at("/system/uses/value").asInt()).isEqualTo(1);
        assertThat(dice.formulas).isEmpty();
    }

    @Test
    void aPotionHealsAndUsesUpOneOfTheStack() {
        dice.then(3, 2);
        var used = send("use-item", "{'actorUuid':'Actor." + BROM + "','abilityName':'potion of healing'}");
        assertThat(used.at("/data/damageRolls/0/total").asInt()).isEqualTo(7);
        var brom = actor(BROM);
        assertThat(brom.at("/system/attributes/hp/value").asInt()).isEqualTo(7);
        assertThat(item(brom, "Potion of Healing").at("/system/quantity").asInt()).isEqualTo(1);
        assertThat(send("use-feature", "{'actorUuid':'Actor." + BROM + "','abilityName':'Potion of Healing'}").path("error").asText())
                .as("a potion is not a feature").isEqualTo("Ability not found on actor Brom Ironfist");
    }

    @Test
    void anotherConcentrationSpellReplacesTheFirstAndChargesStayWithinBounds() {
        send("long-rest", "{'actorUuid':'Actor." + ARIA + "'}");
        send("use-spell", "{'actorUuid':'Actor." + ARIA + "','abilityName':'Hold Person'}");
        var now = send("get-concentration", "{'actorUuid':'Actor." + ARIA + "'}");
        assertThat(now.at("/data/spell").asText()).isEqualTo("Hold Person");
        assertThat(actor(ARIA).path("effects").findValuesAsText("name")).filteredOn(n -> n.startsWith("Concentrating"))
                .containsExactly("Concentrating: Hold Person");
        var spent = send("modify-item-charges", "{'actorUuid':'Actor." + ARIA + "','itemName':'Wand of Magic Missiles','amount':-10}");
        assertThat(spent.at("/data/oldCharges").asInt()).as("the long rest refilled it").isEqualTo(7);
        assertThat(spent.at("/data/newCharges").asInt()).isZero();
        var charged = send("modify-item-charges", "{'actorUuid':'Actor." + ARIA + "','itemName':'Wand of Magic Missiles','amount':10}");
        assertThat(charged.at("/data/newCharges").asInt()).isEqualTo(7);
    }

    @Test
    void actorChangesArePushedWhileTheChannelsAreOn() {
        var pushed = Fixtures.attachOutbox(world);
        send("modify-currency", "{'actorUuid':'Actor." + BROM + "','currency':'gp','amount':1}");
        assertThat(pushed).isEmpty();
        Fixtures.subscribe(world, "actor-events", 1);
        Fixtures.subscribe(world, "hooks", 1);
        send("modify-currency", "{'actorUuid':'Actor." + BROM + "','currency':'gp','amount':1}");
        assertThat(pushed).extracting(m -> m.path("type").asText()).containsExactly("hook-event", "actor-event");
        assertThat(pushed.get(0).at("/data/hook").asText()).isEqualTo("updateActor");
        assertThat(pushed.get(1).at("/data/actorUuid").asText()).isEqualTo("Actor." + BROM);
        assertThat(pushed.get(1).at("/data/changes/system/currency/gp").asInt()).isEqualTo(42);
    }

    @Test
    void aPlayerActsOnlyOnWhatTheyMayObserveOrOwn() {
        var peek = send("skill-check", "{'actorUuid':'Actor." + BROM + "','skill':'ath','userId':'Alice'}");
        assertThat(peek.path("error").asText()).isEqualTo("User 'Alice' does not have permission to view actor 'Brom Ironfist'");
        dice.then(10);
        assertThat(send("skill-check", "{'actorUuid':'Actor." + ARIA + "','skill':'ste','userId':'Alice'}").at("/data/total").asInt())
                .isEqualTo(13);
    }
}
