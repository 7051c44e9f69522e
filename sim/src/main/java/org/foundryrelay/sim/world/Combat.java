package org.foundryrelay.sim.world;

import java.text.Collator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A combat encounter with Foundry's turn rules. Combatants are kept in creation order (what the module
 * lists); {@link #turns()} is the initiative order. Every change that Foundry would persist with
 * {@code combat.update} goes through {@link #update}, which fires {@code turnChanged} only when the
 * round or turn actually changes, as Foundry skips empty updates.
 */
final class Combat {
    final String id;
    int round;
    Integer turn;
    boolean active;
    final List<Combatant> combatants = new ArrayList<>();

    /**
     * Foundry's Combat has no name field: {@code Combat.create({name})} drops it, so the module's
     * {@code combat.name} is undefined and left out of every reply.
     */
    Combat(String id) {
        this.id = id;
    }

    /**
     * Initiative order: highest first, a missing initiative counting as -infinity, ties broken by name and
     * then id with locale-aware comparison (JavaScript's {@code localeCompare}).
     */
    List<Combatant> turns() {
        var collator = Collator.getInstance(Locale.ENGLISH);
        Comparator<Combatant> byInitiative = Comparator.comparingDouble(
                c -> c.initiative == null ? Double.NEGATIVE_INFINITY : c.initiative);
        var order = byInitiative.reversed()
                .thenComparing((Combatant c) -> c.name, collator)
                .thenComparing((Combatant c) -> c.id, collator);
        var sorted = new ArrayList<>(combatants);
        sorted.sort(order);
        return sorted;
    }

    /** {@code combat.combatant}: the combatant whose turn it is, or null. */
    Combatant current() {
        return currentIn(turns());
    }

    private Combatant currentIn(List<Combatant> turns) {
        return turn != null && turn >= 0 && turn < turns.size() ? turns.get(turn) : null;
    }

    private int indexOf(String combatantId) {
        var turns = turns();
        for (int i = 0; i < turns.size(); i++) if (turns.get(i).id.equals(combatantId)) return i;
        return -1;
    }

    void update(int newRound, Integer newTurn, CombatListener listener) {
        if (newRound == round && Objects.equals(newTurn, turn)) return;
        round = newRound;
        turn = newTurn;
        listener.turnChanged(this);
    }

    /** Foundry's {@code started} getter (v13): any round past 0. It is not a stored field. */
    boolean started() {
        return round > 0;
    }

    /**
     * {@code startCombat()}: the {@code combatStart} hook sees the unstarted combat, then the update to
     * round 1, turn 0 follows as an ordinary round/turn change.
     */
    void start(CombatListener listener) {
        listener.started(this);
        update(1, 0, listener);
    }

    /** One {@code createEmbeddedDocuments("Combatant", ...)} batch; the current combatant keeps its turn. */
    void add(List<Combatant> batch, CombatListener listener) {
        if (batch.isEmpty()) return;
        var before = current();
        combatants.addAll(batch);
        batch.forEach(c -> listener.combatantAdded(this, c));
        if (before != null) update(round, Math.max(indexOf(before.id), 0), listener);
    }

    /**
     * One {@code deleteEmbeddedDocuments} batch. If the current combatant goes, the turn passes to the
     * next surviving combatant (or the previous one); otherwise the current combatant keeps its turn.
     */
    void remove(Collection<String> ids, CombatListener listener) {
        var doomed = Set.copyOf(ids);
        var oldTurns = turns();
        var current = currentIn(oldTurns);
        Combatant prevSurvivor = null, nextSurvivor = null;
        int at = turn == null ? 0 : turn; // JavaScript compares null as 0 here
        for (int i = 0; i < oldTurns.size(); i++) {
            var c = oldTurns.get(i);
            if (doomed.contains(c.id)) continue;
            if (i < at) prevSurvivor = c;
            if (nextSurvivor == null && i >= at) nextSurvivor = c;
        }
        var removed = combatants.stream().filter(c -> doomed.contains(c.id)).toList();
        if (removed.isEmpty()) return;
        combatants.removeAll(removed);
        removed.forEach(c -> listener.combatantRemoved(this, c));
        int newTurn;
        if (current != null && doomed.contains(current.id)) {
            var survivor = nextSurvivor != null ? nextSurvivor : prevSurvivor;
            newTurn = survivor != null ? indexOf(survivor.id) : (turn == null ? 0 : turn);
        } else {
            newTurn = current == null ? -1 : indexOf(current.id);
        }
        update(round, Math.max(newTurn, 0), listener);
    }

    /** After initiatives changed: moves the turn so that {@code currentId} stays the current combatant. */
    void keepCurrent(String currentId, CombatListener listener) {
        if (currentId != null) update(round, indexOf(currentId), listener);
    }

    void nextTurn(CombatListener listener) {
        int next = (turn == null ? -1 : turn) + 1;
        if (round == 0 || next >= turns().size()) {
            nextRound(listener);
            return;
        }
        update(round, next, listener);
    }

    void nextRound(CombatListener listener) {
        update(round + 1, turn == null ? null : 0, listener);
    }

    void previousTurn(CombatListener listener) {
        if (Objects.equals(turn, 0) && round == 0) return;
        if (turn != null && turn <= 0) {
            previousRound(listener);
            return;
        }
        int previous = (turn == null ? turns().size() : turn) - 1;
        update(round, previous, listener);
    }

    void previousRound(CombatListener listener) {
        Integer newTurn = round == 0 ? 0 : Math.max(turns().size() - 1, 0);
        if (turn == null) newTurn = null;
        update(Math.max(round - 1, 0), newTurn, listener);
    }
}
