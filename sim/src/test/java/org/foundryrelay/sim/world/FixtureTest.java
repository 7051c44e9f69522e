package org.foundryrelay.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.foundryrelay.sim.world.Fixtures.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.foundryrelay.sim.protocol.WorldInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled fixture, loading, metadata overrides, info() and playerList(). */
class FixtureTest {

    @Test
    void bundledWorldHasTheDocumentedCast() {
        var fixture = Fixture.bundled();
        assertThat(fixture.users()).extracting(Fixture.User::name).containsExactly("Gamemaster", "Alice", "Bob");
        assertThat(fixture.gm().id()).isEqualTo(GM);
        assertThat(fixture.gm().password()).isNotBlank();
        assertThat(fixture.user(ALICE).orElseThrow().isGM()).isFalse();
        var scene = fixture.activeScene().orElseThrow();
        assertThat(scene.tokens()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(scene.tokens()).filteredOn(Fixture.Token::hidden).hasSize(1);
        assertThat(fixture.actor(ARIA).orElseThrow().level(ALICE)).isEqualTo(Fixture.OWNER);
        assertThat(fixture.actor(ARIA).orElseThrow().level(BOB)).isZero();
        assertThat(fixture.actors()).allSatisfy(a -> assertThat(a.id()).matches("[A-Za-z0-9]{16}"));
        assertThat(scene.tokens()).allSatisfy(t -> {
            assertThat(t.id()).matches("[A-Za-z0-9]{16}");
            assertThat(fixture.actor(t.actorId())).isPresent();
        });
        assertThat(fixture.controlledTokens()).allSatisfy(id -> assertThat(scene.token(id)).isPresent());
    }

    @Test
    void infoAndPlayerList() {
        var world = World.defaultWorld();
        assertThat(world.info()).isEqualTo(new WorldInfo("lost-mine", "Lost Mine of Phandelver", "13.348", "dnd5e",
                "Dungeons & Dragons Fifth Edition", "5.0.4", "Simulated Table"));
        assertThat(world.playerList().toString()).isEqualTo("{\"type\":\"player-list\",\"users\":["
                + "{\"id\":\"" + GM + "\",\"name\":\"Gamemaster\",\"role\":4,\"active\":true},"
                + "{\"id\":\"" + ALICE + "\",\"name\":\"Alice\",\"role\":1,\"active\":false},"
                + "{\"id\":\"" + BOB + "\",\"name\":\"Bob\",\"role\":1,\"active\":false}]}");
    }

    @Test
    void manyWorldsShareOneFixture() {
        var base = Fixture.bundled();
        var worlds = new World[1000];
        for (int i = 0; i < worlds.length; i++) {
            worlds[i] = World.builder(base).worldId("bench-" + i).worldTitle("Bench " + i).build();
        }
        assertThat(worlds[7].info().worldId()).isEqualTo("bench-7");
        assertThat(worlds[7].info().worldTitle()).isEqualTo("Bench 7");
        assertThat(worlds[7].info().systemId()).isEqualTo("dnd5e");
        assertThat(worlds[7].fixture().users()).isSameAs(base.users());
        assertThat(worlds[999].fixture().scenes()).isSameAs(base.scenes());
        // Worlds do not share state.
        send(worlds[0], "start-encounter", null);
        assertThat(send(worlds[1], "encounters", null).get("encounters")).isEmpty();
    }

    @Test
    void loadsFromAFile(@TempDir Path dir) throws Exception {
        var file = dir.resolve("w.json");
        try (var in = Fixture.class.getResourceAsStream("/worlds/default.json")) {
            Files.copy(in, file);
        }
        assertThat(World.fromFixture(file).info().worldId()).isEqualTo("lost-mine");
        try (var in = Files.newInputStream(file)) {
            assertThat(World.fromFixture(in).playerList().get("users")).hasSize(3);
        }
    }

    @Test
    void rejectsBrokenFixtures() {
        assertThatThrownBy(() -> fixture("{\"world\": {\"worldId\": \"w\"}, \"users\": [{\"id\": \"a\", \"name\": \"P\", \"role\": 1}]}"))
                .hasMessageContaining("GM");
        assertThatThrownBy(() -> fixture("{\"world\": {\"worldId\": \"w\"}, \"users\": [], \"bogus\": 1}"))
                .isInstanceOf(RuntimeException.class);
    }
}
