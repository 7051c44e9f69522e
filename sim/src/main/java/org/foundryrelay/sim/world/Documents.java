package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.foundryrelay.sim.world.Fixture.Actor;
import org.foundryrelay.sim.world.Fixture.Scene;
import org.foundryrelay.sim.world.Fixture.User;

/**
 * One world's documents as Foundry's {@code toObject()} JSON, grouped in collections ({@code users},
 * {@code actors}, {@code scenes}, and whatever else the fixture carries: {@code items}, {@code journal},
 * {@code folders}, {@code macros}, {@code playlists}, {@code messages}, ...). The single source of truth for
 * every message handler; the typed views ({@link #actors()}, {@link #activeScene()}, ...) are read from it.
 *
 * <p>Copy-on-write: a new world shares the fixture's (never modified) tree, so thousands of worlds built
 * from one fixture cost nothing until one of them changes something. Always call {@link #write()} before
 * changing anything, and look nodes up again after it: nodes read before the first write belong to the
 * shared tree. Not thread-safe; the world's lock guards it.
 */
public final class Documents {
    private ObjectNode root;
    private boolean owned;
    private long version;
    private long viewVersion = -1;
    private Fixture.Contents view;

    Documents(ObjectNode shared) {
        this.root = shared;
    }

    /** The current tree, for reading only. */
    public ObjectNode read() {
        return root;
    }

    /** The tree to change: copied from the shared one on first use. Counts as a change. */
    public ObjectNode write() {
        if (!owned) {
            root = root.deepCopy();
            owned = true;
        }
        version++;
        return root;
    }

    /** A collection for reading (an empty array when the world has none). */
    public ArrayNode collection(String name) {
        var node = root.get(name);
        return node instanceof ArrayNode array ? array : Json.array();
    }

    /** A collection to change, created when missing. Counts as a change. */
    public ArrayNode writableCollection(String name) {
        var tree = write();
        return tree.get(name) instanceof ArrayNode array ? array : tree.putArray(name);
    }

    /** The element of {@code collection} whose {@code _id} (or {@code id}) is {@code id}. */
    public static Optional<ObjectNode> byId(ArrayNode collection, String id) {
        if (id == null) return Optional.empty();
        for (var node : collection) {
            if (node instanceof ObjectNode doc && id.equals(idOf(doc))) return Optional.of(doc);
        }
        return Optional.empty();
    }

    /** A document's id: Foundry's {@code _id}, or {@code id} as hand-written fixtures may have it. */
    public static String idOf(JsonNode doc) {
        var id = doc.get("_id");
        if (id == null) id = doc.get("id");
        return id == null ? null : id.asText();
    }

    /** How many changes were made; views and caches compare it to know when to refresh. */
    public long version() {
        return version;
    }

    private Fixture.Contents view() {
        if (viewVersion != version) {
            view = Fixture.Contents.of(root);
            viewVersion = version;
        }
        return view;
    }

    public List<User> users() {
        return view().users();
    }

    public Optional<User> user(String id) {
        return Optional.ofNullable(id == null ? null : view().usersById().get(id));
    }

    /** The GM whose browser runs the module: the active GM with the lowest id, else the first GM. */
    public User gm() {
        return view().gm();
    }

    public List<Actor> actors() {
        return view().actors();
    }

    public Optional<Actor> actor(String id) {
        return Optional.ofNullable(id == null ? null : view().actorsById().get(id));
    }

    public List<Scene> scenes() {
        return view().scenes();
    }

    public Optional<Scene> scene(String id) {
        return Optional.ofNullable(id == null ? null : view().scenesById().get(id));
    }

    /** The active scene, which is also the scene the GM views; empty when no scene is active. */
    public Optional<Scene> activeScene() {
        return Optional.ofNullable(view().activeScene());
    }
}
