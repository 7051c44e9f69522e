package org.foundryrelay.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.WorldApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Folder trees (nested, created and deleted) and search filters through the relay. */
class StructureAndSearchTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0"));

    private WorldApi connect(String account, String clientId) {
        env.sims().connect(env.relay(), clientId, env.relay().connectionToken(account, clientId), SimWorlds.world(clientId));
        return new WorldApi(env.relay(), env.relay().key(account, "all"));
    }

    private static List<String> names(com.fasterxml.jackson.databind.JsonNode results) {
        var names = new ArrayList<String>();
        results.forEach(r -> names.add(r.path("name").asText()));
        return names;
    }

    @Test
    void aNestedFolderTreeIsBuiltListedAndDeleted() {
        var api = connect("folders", "fvtt_f000000000000001");
        var villains = api.post("/create-folder", "{\"name\":\"Villains\",\"folderType\":\"Actor\",\"parentFolderId\":\"mOnStErSfOlDeR01\"}");
        assertThat(villains.at("/data/parentFolder").asText()).isEqualTo("mOnStErSfOlDeR01");
        var villainsId = villains.at("/data/id").asText();
        var lair = api.post("/create-folder?name=Lair&folderType=Actor&parentFolderId=" + villainsId, "{}");
        assertThat(lair.status()).isEqualTo(200);
        api.post("/create", "{\"entityType\":\"Actor\",\"folder\":\"" + villainsId + "\",\"data\":{\"name\":\"Glasstaff\",\"type\":\"npc\"}}");

        var tree = api.get("/structure?types=Actor&recursive=true").at("/data/folders");
        var monsters = tree.path("Monsters");
        assertThat(monsters.path("Goblins").path("entities")).hasSize(2);
        assertThat(monsters.path("Villains").path("entities").get(0).path("name").asText()).isEqualTo("Glasstaff");
        assertThat(monsters.path("Villains").path("Lair").path("id").asText()).isEqualTo(lair.at("/data/id").asText());
        var flat = api.get("/structure?types=Actor").at("/data/folders/Monsters");
        assertThat(flat.has("Goblins")).as("not recursive: no child folders").isFalse();
        assertThat(api.get("/structure?path=Folder." + villainsId).at("/data/entities/0/name").asText()).isEqualTo("Glasstaff");
        assertThat(api.get("/get-folder?name=Villains").at("/data/contents/0/name").asText()).isEqualTo("Glasstaff");

        var refused = api.delete("/delete-folder?folderId=" + villainsId);
        assertThat(refused.error()).isEqualTo("Folder contains 1 entities. Use deleteAll=true to delete them or move them first.");
        var deleted = api.delete("/delete-folder?folderId=" + villainsId + "&deleteAll=true");
        assertThat(deleted.at("/data").toString()).isEqualTo(
                "{\"deleted\":true,\"folderId\":\"" + villainsId + "\",\"entitiesDeleted\":1,\"foldersDeleted\":1}");
        assertThat(api.get("/get-folder?name=Lair").error()).isEqualTo("Folder not found with name: Lair");
        assertThat(api.get("/search?query=Glasstaff").at("/results")).isEmpty();
        assertThat(api.post("/create-folder", "{\"name\":\"X\",\"folderType\":\"Actor\",\"userId\":\"Alice\"}").error())
                .isEqualTo("User 'Alice' must be a GM to create folders");
    }

    @Test
    void theRootListsFolderlessDocumentsAndPacks() {
        var api = connect("root", "fvtt_f000000000000002");
        var data = api.get("/structure").at("/data");
        assertThat(names(data.at("/entities/actors"))).containsExactly("Wolf");
        assertThat(names(data.at("/entities/journalentrys"))).containsExactly("Secret Plans");
        assertThat(data.at("/compendiumPacks/Items (SRD)/id").asText()).isEqualTo("dnd5e.items");
        var asAlice = api.get("/structure?userId=Alice").at("/data");
        assertThat(names(asAlice.at("/entities/journalentrys"))).isEmpty();
        assertThat(asAlice.at("/entities/actors/0").has("img")).as("LIMITED stub carries img").isTrue();
        assertThat(api.get("/structure?path=Compendium.dnd5e.monsters").at("/data/compendium/entities")).hasSize(2);
        assertThat(api.get("/structure?path=Heroes").error()).isEqualTo("Invalid folder path: Heroes");
    }

    @Test
    void searchFiltersByTypeSubTypeFolderAndPackage() {
        var api = connect("search", "fvtt_f000000000000003");
        assertThat(names(api.get("/search?query=goblin").at("/results"))).containsExactly("Goblin", "Goblin Boss", "Goblin Archer");
        assertThat(names(api.get("/search?query=potion&filter=Item").at("/results")))
                .containsExactly("Potion of Healing", "Potion of Greater Healing");
        assertThat(names(api.get("/search?filter=documentType:Item,subType:weapon").at("/results")))
                .containsExactly("Longsword", "Shortbow");
        assertThat(names(api.get("/search?filter=folder:Folder.gObLiNsFoLdEr001").at("/results")))
                .containsExactly("Goblin Boss", "Goblin Archer");
        assertThat(names(api.get("/search?filter=package:Compendium.dnd5e.monsters").at("/results"))).containsExactly("Goblin", "Bugbear");
        assertThat(names(api.get("/search?query=goblin&excludeCompendiums=true&limit=1").at("/results"))).containsExactly("Goblin Boss");
        var minified = api.get("/search?query=wolf&minified=true").at("/results/0");
        assertThat(minified.toString()).isEqualTo("{\"uuid\":\"Actor.QKnY8qS0BFn7Bwpk\",\"id\":\"QKnY8qS0BFn7Bwpk\",\"name\":\"Wolf\","
                + "\"img\":\"icons/svg/mystery-man.svg\",\"documentType\":\"Actor\"}");
        assertThat(names(api.get("/search?filter=Actor&ownedByUserId=Bob").at("/results"))).containsExactly("Brom Ironfist");
        var full = api.get("/search?query=Phandalin").at("/results/0");
        assertThat(full.path("formattedMatch").asText()).isEqualTo("<strong>Phandalin</strong>");
        assertThat(full.path("journalLink").asText()).isEqualTo("@UUID[JournalEntry.dLx8XuJx2bSs3iQm]{Phandalin}");
    }
}
