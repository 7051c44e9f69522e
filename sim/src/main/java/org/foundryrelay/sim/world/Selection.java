package org.foundryrelay.sim.world;

import java.util.ArrayList;
import java.util.List;

/**
 * The tokens the GM controls on the viewed scene ({@code canvas.tokens.controlled}), by token id: what
 * {@code selected=true} requests act on and what {@code select} changes. Guarded by the world's lock.
 */
public final class Selection {
    private List<String> tokenIds;

    Selection(List<String> initial) {
        this.tokenIds = List.copyOf(initial);
    }

    public List<String> tokenIds() {
        return tokenIds;
    }

    public void set(List<String> ids) {
        tokenIds = List.copyOf(ids);
    }

    /** Adds ids not yet selected, keeping the order. */
    public void add(List<String> ids) {
        var all = new ArrayList<>(tokenIds);
        for (var id : ids) if (!all.contains(id)) all.add(id);
        tokenIds = List.copyOf(all);
    }
}
