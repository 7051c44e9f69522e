package org.foundryrelay.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.foundryrelay.sim.world.Fixtures.ALICE;
import static org.foundryrelay.sim.world.Fixtures.ARIA;
import static org.foundryrelay.sim.world.Fixtures.BOSS;
import static org.foundryrelay.sim.world.Fixtures.T_ARCHER1;
import static org.foundryrelay.sim.world.Fixtures.T_BOSS;
import static org.foundryrelay.sim.world.Fixtures.caveActor;
import static org.foundryrelay.sim.world.Fixtures.keys;
import static org.foundryrelay.sim.world.Fixtures.send;

import org.foundryrelay.sim.world.documents.Access;
import org.foundryrelay.sim.world.documents.Serial;
import org.foundryrelay.sim.world.documents.Uuids;
import org.junit.jupiter.api.Test;

/** The document areas' rules: UUIDs, ownership levels, the update merge, reply shapes and texts. */
class DocumentAreasTest {
    private final World world = Fixtures.world(new ScriptedRoller());

    @Test
    void uuidsReachWorldEmbeddedSyntheticAndCompendiumDocuments() {
        var docs = Fixture.bundled().newDocuments();
        assertThat(Uuids.resolve(docs, "Actor." + ARIA + ".Item.Wb4Lq9Tz2KxP7mVc").orElseThrow().name()).isEqualTo("Longbow");
        var synthetic = Uuids.resolve(docs, caveActor(T_BOSS, BOSS)).orElseThrow();
        assertThat(synthetic.documentName()).isEqualTo("Actor");
        assertThat(synthetic.name()).isEqualTo("Goblin Boss");
        assertThat(Uuids.resolve(docs, "Compendium.dnd5e.items.Item.Cp2It3Lw9Vz5Rk7H").orElseThrow().inCompendium()).isTrue();
        assertThat(Uuids.resolve(docs, "Compendium.dnd5e.items.Actor.Cp2It3Lw9Vz5Rk7H")).isEmpty();
        assertThat(Uuids.resolve(docs, "Playlist.Pl4Tv8Rn2Kc6Xm1Z.PlaylistSound.Sd2Lt6Hb8Nc4Vz1R").orElseThrow().name()).isEqualTo("Lute Song");
        assertThat(Uuids.resolve(docs, "Actor." + ARIA + ".Item")).isEmpty();
        assertThat(Uuids.resolve(docs, "Nothing.x")).isEmpty();
    }

    @Test
    void ownershipFollowsParentsTokensAndWhispers() {
        var docs = Fixture.bundled().newDocuments();
        var alice = docs.user(ALICE).orElseThrow();
        assertThat(Access.level(docs, Uuids.resolve(docs, "Actor." + ARIA + ".Item.Wb4Lq9Tz2KxP7mVc").orElseThrow(), alice)).isEqualTo(Access.OWNER);
        assertThat(Access.level(docs, Uuids.resolve(docs, Fixtures.cave(T_ARCHER1)).orElseThrow(), alice)).isEqualTo(Access.NONE);
        assertThat(Access.level(docs, Uuids.resolve(docs, "JournalEntry.H3kP9sWq2XvB7nLd").orElseThrow(), alice)).isEqualTo(Access.LIMITED);
        assertThat(Access.level(docs, Uuids.resolve(docs, "ChatMessage.Ch2Ws9Lq3Nd7Hk1Z").orElseThrow(), alice)).isEqualTo(Access.OBSERVER);
        var bob = docs.user(Fixtures.BOB).orElseThrow();
        assertThat(Access.level(docs, Uuids.resolve(docs, "ChatMessage.Ch2Ws9Lq3Nd7Hk1Z").orElseThrow(), bob)).isEqualTo(Access.NONE);
        assertThat(Access.level(docs, Uuids.resolve(docs, "ChatMessage.Ch3Bb5Rx1Mv8Pc4T").orElseThrow(), bob)).isEqualTo(Access.OWNER);
    }

    @Test
    void anUpdateMergesObjectsFollowsDottedPathsAndDeletesMinusKeys() {
        var doc = Fixtures.json("{'a':{'b':1,'c':2},'d':3,'e':4}");
        Serial.merge(doc, Fixtures.json("{'a':{'b':5},'a.f.g':6,'-=e':null,'d':[1]}"));
        assertThat(doc.toString()).isEqualTo("{\"a\":{\"b\":5,\"c\":2,\"f\":{\"g\":6}},\"d\":[1]}");
        assertThat(Serial.toObject(Fixtures.json("{'id':'x','name':'n','password':'p'}")).toString()).isEqualTo("{\"_id\":\"x\",\"name\":\"n\"}");
    }

    @Test
    void repliesKeepTheModulesShapes() {
        assertThat(keys(send(world, "entity", "{'uuid':'Actor." + ARIA + "'}"))).containsExactly("type", "requestId", "uuid", "data");
        var create = Fixtures.request("create", "{'entityType':'Item'}");
        create.set("data", Fixtures.json("{'name':'Torch','type':'loot'}"));
        var created = world.handle(create);
        assertThat(keys(created)).containsExactly("type", "requestId", "uuid", "entity");
        assertThat(created.at("/entity/folder").isNull()).isTrue();
        assertThat(keys(created.get("entity"))).startsWith("_id", "name", "type");
        var denied = send(world, "create", "{'entityType':'Actor','data':{'name':'X'},'userId':'Alice'}");
        assertThat(denied.toString()).endsWith("\"error\":\"User 'Alice' does not have permission to create Actor documents\","
                + "\"message\":\"Failed to create entity\"}");
        var macro = send(world, "create", "{'entityType':'Macro','data':{'name':'M'}}");
        assertThat(macro.path("error").asText()).as("the relay's _scopes lack macro:write").isEqualTo("macro:write scope is required to create macros");
        var give = send(world, "give", "{'fromUuid':'Actor." + ARIA + "','toUuid':'Actor.nope','itemName':'Longbow'}");
        assertThat(keys(give)).containsExactly("type", "requestId", "selected", "fromUuid", "toUuid", "quantity", "success", "error");
        assertThat(give.path("error").asText()).isEqualTo("Target entity not found: Actor.nope");
        var kill = send(world, "kill", "{'uuid':'" + Fixtures.cave(T_BOSS) + "'}");
        assertThat(kill.at("/results/0/message").asText()).isEqualTo("Token marked as defeated, HP set to 0, and dead effect applied");
        assertThat(send(world, "decrease", "{'attribute':'system.attributes.hp.value','amount':1}").path("error").asText())
                .isEqualTo("UUID or selected is required");
    }

    @Test
    void killingATokenDefeatsItsCombatant() {
        var roller = new ScriptedRoller();
        var w = Fixtures.world(roller);
        send(w, "start-encounter", "{'tokens':['" + Fixtures.cave(T_BOSS) + "','" + Fixtures.cave(T_ARCHER1) + "']}");
        send(w, "kill", "{'uuid':'" + Fixtures.cave(T_BOSS) + "'}");
        var combatants = send(w, "encounters", null).at("/encounters/0/combatants");
        assertThat(combatants.get(0).path("defeated").asBoolean()).isTrue();
        assertThat(combatants.get(1).path("defeated").asBoolean()).isFalse();
    }

    @Test
    void selectingWithTheEmptyDataTheUpstreamRelayAddsMatchesEveryToken() {
        // Fixtures.request adds data:{} as the upstream relay does; our relay leaves it out when not given.
        var reply = send(world, "select", "{'name':'Wolf','overwrite':true}");
        assertThat(reply.path("count").asInt()).isEqualTo(6);
        var withoutData = Fixtures.request("select", "{'name':'Goblin Boss','overwrite':true}");
        withoutData.remove("data");
        assertThat(world.handle(withoutData).path("count").asInt()).isEqualTo(1);
        assertThat(world.selectedTokens()).containsExactly(T_BOSS);
    }

    @Test
    void foldersAndSearchAnswerInTheModulesShape() {
        var folder = send(world, "get-folder", "{'name':'Goblins'}");
        assertThat(keys(folder.get("data"))).containsExactly("id", "uuid", "name", "type", "parentFolder", "contents");
        var search = send(world, "search", "{'query':'rope'}");
        assertThat(keys(search)).containsExactly("type", "requestId", "query", "results");
        assertThat(search.at("/results")).isEmpty();
        var bad = send(world, "search", "{'filter':'documentType:Actor,broken'}");
        assertThat(bad.path("error").asText()).isEqualTo("Invalid filter: broken");
        var structureError = send(world, "structure", "{'path':'Folder.hErOeSfOlDeR0001','types':'Item'}");
        assertThat(structureError.path("error").asText()).isEqualTo("Folder type Actor not included in requested types");
    }
}
