package org.foundryrelay.sim.web;

import java.util.SplittableRandom;
import org.foundryrelay.sim.world.Fixture;
import org.foundryrelay.sim.world.World;

/** Ids of the bundled fixture and worlds built from it for the front's tests. */
final class Worlds {
    static final String WORLD_ID = "lost-mine";
    static final String GM = "38AibNyyurlGFb0E", ALICE = "kjKWREhbiGjlvhkT", BOB = "p3SKQOo6Cd6rvau5";
    static final String GM_PASSWORD = "gm-password", ALICE_PASSWORD = "alice-password";

    private Worlds() {}

    /** The bundled world with reproducible dice. */
    static World lostMine() {
        return World.builder(Fixture.bundled()).random(new SplittableRandom(7)).build();
    }

    static World world(String id, String title) {
        return World.builder(Fixture.bundled()).worldId(id).worldTitle(title).random(new SplittableRandom(7)).build();
    }
}
