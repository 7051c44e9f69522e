/**
 * The simulated Foundry world behind one module connection: {@link org.foundryrelay.sim.world.World}
 * implements {@link org.foundryrelay.sim.protocol.ModuleEndpoint} over an immutable
 * {@link org.foundryrelay.sim.world.Fixture} (bundled default: {@code /worlds/default.json}).
 *
 * <p>It answers the module's encounter and roll types here, and the other areas' types from one sub-package
 * each ({@code documents}, {@code chat}, {@code users}, {@code selection}, {@code playlists}, {@code scripts}),
 * with the module's reply shapes, key order and error texts; it applies Foundry's combat rules, and pushes
 * {@code combat-event}, {@code roll-data} and {@code chat-event} messages while the matching channel is on.
 *
 * <p>Where the simulator knowingly differs from the module, or had to choose:
 * <ul>
 *   <li>The encounter selector is read from {@code encounterId}, then {@code encounter}; start tokens from
 *       {@code tokenUuids}, then {@code tokens} (the module reads only the first names, the relay sends only
 *       the second).</li>
 *   <li>A failing {@code last-round} is answered as {@code last-round-result}, not {@code encounter-navigation}.</li>
 *   <li>Foundry's Combat has no name field, so the requested encounter name is dropped and no reply
 *       carries {@code name} (as in captured replies).</li>
 *   <li>Removing by token UUID, and the duplicate check for selected tokens, match the combatant's own
 *       token and scene ids, so they work on combats that have no scene.</li>
 *   <li>A combatant created from a hidden token is hidden.</li>
 *   <li>{@code rollInitiative} on add-to-encounter runs before the reply rather than after it.</li>
 *   <li>Unknown message types get no reply (the module only logs them); unknown event channels are ignored.</li>
 * </ul>
 */
package org.foundryrelay.sim.world;
