package org.foundryrelay.sim.world;

/** The Foundry hooks a {@link Combat} fires that the module turns into combat events. */
interface CombatListener {
    /** {@code combatStart}: called with the combat as it was before it started. */
    void started(Combat combat);

    /** {@code updateCombat} with a changed round or turn, including the one that starts the combat. */
    void turnChanged(Combat combat);

    /** {@code createCombatant}. */
    void combatantAdded(Combat combat, Combatant combatant);

    /** {@code deleteCombatant}. */
    void combatantRemoved(Combat combat, Combatant combatant);

    /** {@code deleteCombat}. */
    void ended(Combat combat);
}
