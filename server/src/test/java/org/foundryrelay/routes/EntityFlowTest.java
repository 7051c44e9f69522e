package org.foundryrelay.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Map;
import org.foundryrelay.sim.world.World;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.WorldApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Documents through the relay: create, read, change, delete, items between actors, attributes, permissions. */
class EntityFlowTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0"));

    private static final String ARIA = "Actor.kHvRwMzzuVtYkwMJ", BROM = "Actor.FrCfZ4U2EqkNk6sE", BOSS = "Actor.r6f4gUy0BQ8DEoFo",
            WOLF = "Actor.QKnY8qS0BFn7Bwpk", POTION = ARIA + ".Item.Pq3Hs8Nd5RfY1kGe";

    private World world;

    private WorldApi connect(String account, String clientId, String... keyOptions) {
        world = SimWorlds.world(clientId);
        env.sims().connect(env.relay(), clientId, env.relay().connectionToken(account, clientId), world);
        return new WorldApi(env.relay(), env.relay().key(account, "all", keyOptions));
    }

    @Test
    void createReadUpdateDeleteThenTheDocumentIsGone() {
        var api = connect("crud", "fvtt_e000000000000001");
        var created = api.post("/create", "{\"entityType\":\"Actor\",\"folder\":\"hErOeSfOlDeR0001\","
                + "\"data\":{\"name\":\"Sildar\",\"type\":\"npc\",\"system\":{\"attributes\":{\"hp\":{\"value\":10,\"max\":10}}}}}");
        assertThat(created.status()).isEqualTo(200);
        var uuid = created.at("/uuid").asText();
        assertThat(uuid).startsWith("Actor.");
        assertThat(created.at("/entity/folder").asText()).isEqualTo("hErOeSfOlDeR0001");

        var read = api.get("/get?uuid=" + uuid);
        assertThat(read.at("/data/name").asText()).isEqualTo("Sildar");
        assertThat(read.at("/data/_id").asText()).isEqualTo(uuid.substring("Actor.".length()));

        var updated = api.put("/update?uuid=" + uuid, "{\"data\":{\"name\":\"Sildar Hallwinter\",\"system.attributes.hp.value\":4}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.at("/entity/0/name").asText()).isEqualTo("Sildar Hallwinter");
        var again = api.get("/get?uuid=" + uuid);
        assertThat(again.at("/data/system/attributes/hp").toString()).isEqualTo("{\"value\":4,\"max\":10}");
        assertThat(api.send("PATCH", "/update?uuid=" + uuid, "{\"data\":{\"img\":\"x.png\"}}").status()).isEqualTo(200);

        assertThat(api.delete("/delete?uuid=" + uuid).at("/success").asBoolean()).isTrue();
        var gone = api.get("/get?uuid=" + uuid);
        assertThat(gone.status()).isEqualTo(400);
        assertThat(gone.error()).isEqualTo("Entity not found");
        assertThat(gone.body().get("data").isNull()).isTrue();
        assertThat(world.snapshot().path("actors").toString()).doesNotContain("Sildar");
    }

    @Test
    void keepIdRefusesAnExistingIdUnlessOverridden() {
        var api = connect("keepid", "fvtt_e000000000000002");
        var clash = api.post("/create", "{\"entityType\":\"Actor\",\"keepId\":true,\"data\":{\"_id\":\"kHvRwMzzuVtYkwMJ\",\"name\":\"X\"}}");
        assertThat(clash.status()).isEqualTo(400);
        assertThat(clash.error()).isEqualTo("Entity with ID 'kHvRwMzzuVtYkwMJ' already exists. Set override=true to replace it.");
        var replaced = api.post("/create", "{\"entityType\":\"Actor\",\"keepId\":true,\"override\":true,\"data\":{\"_id\":\"kHvRwMzzuVtYkwMJ\",\"name\":\"Aria Reborn\"}}");
        assertThat(replaced.at("/uuid").asText()).isEqualTo(ARIA);
        assertThat(api.get("/get?uuid=" + ARIA).at("/data/name").asText()).isEqualTo("Aria Reborn");
        assertThat(api.post("/create", "{\"entityType\":\"Dragon\",\"data\":{}}").error()).isEqualTo("Invalid entity type: Dragon");
    }

    @Test
    void itemsMoveBetweenActorsAndLeave() {
        var api = connect("items", "fvtt_e000000000000003");
        var given = api.post("/give", "{\"fromUuid\":\"" + ARIA + "\",\"toUuid\":\"" + BROM + "\",\"itemUuid\":\"" + POTION + "\",\"quantity\":1}");
        assertThat(given.status()).isEqualTo(200);
        var newItem = BROM + ".Item." + given.at("/newItemId").asText();
        assertThat(api.get("/get?uuid=" + newItem).at("/data/system/quantity").asInt()).isEqualTo(1);
        assertThat(api.get("/get?uuid=" + POTION).at("/data/system/quantity").asInt()).isEqualTo(2);

        assertThat(api.post("/remove", "{\"actorUuid\":\"" + ARIA + "\",\"itemName\":\"potion of healing\",\"quantity\":1}").status()).isEqualTo(200);
        assertThat(api.get("/get?uuid=" + POTION).at("/data/system/quantity").asInt()).isEqualTo(1);
        assertThat(api.post("/remove", "{\"actorUuid\":\"" + ARIA + "\",\"itemName\":\"Hempen Rope\"}").at("/quantity").isNull()).isTrue();
        var names = new ArrayList<String>();
        api.get("/get?uuid=" + ARIA).at("/data/items").forEach(i -> names.add(i.path("name").asText()));
        assertThat(names).contains("Longbow", "Potion of Healing").doesNotContain("Hempen Rope");

        var foreign = api.post("/give", "{\"fromUuid\":\"" + BROM + "\",\"toUuid\":\"" + ARIA + "\",\"itemUuid\":\"" + POTION + "\"}");
        assertThat(foreign.error()).isEqualTo("Item " + POTION + " does not belong to source actor " + BROM);
        assertThat(foreign.at("/success").asBoolean()).isFalse();
        assertThat(api.post("/give", "{\"toUuid\":\"" + BROM + "\"}").error()).isEqualTo("Item UUID or Item Name is required");
    }

    @Test
    void attributesGoUpAndDownAndKillLeavesTheActorDead() {
        var api = connect("attrs", "fvtt_e000000000000004");
        int hp = api.get("/get?uuid=" + ARIA).at("/data/system/attributes/hp/value").asInt();
        var down = api.post("/decrease?uuid=" + ARIA, "{\"attribute\":\"system.attributes.hp.value\",\"amount\":5}");
        assertThat(down.at("/results/0").toString()).isEqualTo("{\"uuid\":\"" + ARIA
                + "\",\"attribute\":\"system.attributes.hp.value\",\"oldValue\":" + hp + ",\"newValue\":" + (hp - 5) + "}");
        api.post("/increase?uuid=" + ARIA, "{\"attribute\":\"system.attributes.hp.value\",\"amount\":2}");
        assertThat(api.get("/get?uuid=" + ARIA).at("/data/system/attributes/hp/value").asInt()).isEqualTo(hp - 3);
        assertThat(api.post("/increase?uuid=" + ARIA, "{\"attribute\":\"name\",\"amount\":2}").error())
                .isEqualTo("Attribute name is not a number, found: string");

        var killed = api.post("/kill?uuid=" + BOSS, "{}");
        assertThat(killed.at("/results/0/message").asText())
                .isEqualTo("Actor marked as defeated, HP set to 0, and dead effect applied to 1 tokens");
        assertThat(api.get("/get?uuid=" + BOSS).at("/data/system/attributes/hp/value").asInt()).isZero();
        assertThat(api.get("/effects?uuid=" + BOSS).at("/data/effects/0/statuses/0").asText()).isEqualTo("dead");
        assertThat(api.post("/kill?uuid=JournalEntry.dLx8XuJx2bSs3iQm", "{}").error())
                .isEqualTo("Cannot mark entity type JournalEntry as defeated");
    }

    @Test
    void aPlayerBoundKeySeesOnlyWhatItsUserMaySeeAndCannotChangeTheGmsDocuments() {
        var api = connect("player", "fvtt_e000000000000005", "--foundry-user", "Alice");
        var ariaItems = org.foundryrelay.sim.world.Documents.byId(world.snapshot().withArray("actors"), "kHvRwMzzuVtYkwMJ")
                .orElseThrow().path("items").size();
        assertThat(api.get("/get?uuid=" + ARIA).at("/data/items").size()).as("Alice owns Aria: every item").isEqualTo(ariaItems);
        var wolf = api.get("/get?uuid=" + WOLF);
        assertThat(wolf.at("/data").toString())
                .isEqualTo("{\"uuid\":\"" + WOLF + "\",\"name\":\"Wolf\",\"type\":\"npc\",\"img\":\"icons/svg/mystery-man.svg\"}");
        assertThat(api.get("/get?uuid=" + BOSS).error()).isEqualTo("User 'Alice' does not have permission to view this entity");
        assertThat(api.get("/get?uuid=" + BOSS + "&userId=Gamemaster").status()).as("the binding wins over userId").isEqualTo(400);

        var update = api.put("/update?uuid=" + BOSS, "{\"data\":{\"name\":\"Mine now\"}}");
        assertThat(update.status()).isEqualTo(400);
        assertThat(update.error()).isEqualTo("User 'Alice' does not have permission to update 'Goblin Boss'");
        var delete = api.delete("/delete?uuid=" + BOSS);
        assertThat(delete.error()).isEqualTo("User 'Alice' does not have permission to delete 'Goblin Boss'");
        assertThat(world.snapshot().path("actors").toString()).contains("\"name\":\"Goblin Boss\"").doesNotContain("Mine now");

        var found = new ArrayList<String>();
        api.get("/search?query=goblin&excludeCompendiums=true").at("/results").forEach(r -> found.add(r.path("name").asText()));
        assertThat(found).isEmpty();
        var wolves = api.get("/search?query=wolf&excludeCompendiums=true").at("/results");
        assertThat(wolves).hasSize(1);
        assertThat(wolves.get(0).has("journalLink")).as("LIMITED: the short form").isFalse();
        assertThat(api.put("/update?uuid=" + ARIA, "{\"data\":{\"name\":\"Aria\"}}").status()).as("her own actor").isEqualTo(200);
    }

    @Test
    void aMacroNeedsTheMacroWriteScopeAndASafeCommand() {
        connect("macros", "fvtt_e000000000000006");
        var api = new WorldApi(env.relay(), env.relay().key("macros", "entity:write,entity:read"));
        var body = "{\"entityType\":\"Macro\",\"data\":{\"name\":\"M\",\"type\":\"script\",\"command\":\"return 1;\"}}";
        assertThat(api.post("/create", body).error()).isEqualTo("macro:write scope is required to create macros");
        var writer = new WorldApi(env.relay(), env.relay().key("macros", "entity:write,macro:write"));
        assertThat(writer.post("/create", body).status()).isEqualTo(200);
        assertThat(writer.post("/create", body.replace("return 1;", "return localStorage.x;")).error())
                .isEqualTo("Script contains forbidden patterns");
        world.setting("allowMacroWrite", false);
        assertThat(writer.post("/create", body).error()).isEqualTo(
                "Macro creation is disabled in REST API module settings. A GM must enable 'Allow Macro Creation/Editing' to allow this.");
    }
}
