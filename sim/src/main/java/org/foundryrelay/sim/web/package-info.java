/**
 * A Foundry-like web front for headless sessions: {@link org.foundryrelay.sim.web.FoundryFront} serves
 * what a browser, or the relay's login automation, expects from a Foundry server, and runs the REST API
 * module's relay connection inside the game page, bridged to a Java
 * {@link org.foundryrelay.sim.world.World}.
 *
 * <h2>Pages and endpoints</h2>
 * <ul>
 *   <li>{@code GET /} → 302 to {@code /setup} (no world running), {@code /join}, or {@code /game} for a
 *       browser already logged in to the running world.</li>
 *   <li>{@code GET /setup}: worlds as {@code li.package.world[data-package-id]} with
 *       {@code h3.package-title} and a play control {@code a.control.play[data-action=worldLaunch]};
 *       v14 shows the list only after load. Clicking play sends {@code POST /setup}
 *       {@code {"action":"launchWorld","world":id}} (200 {@code {}}; 404 unknown; 409 another world
 *       runs) and goes to {@code /join}. {@code {"shutdown":true}} returns to setup. Redirects to
 *       {@code /join} while a world runs.</li>
 *   <li>{@code GET /join}: v11–v13 {@code select[name=userid]} (option value = user id, text = name,
 *       logged-in users disabled), v14 {@code input#join-username[name=username]}; both with
 *       {@code input#join-password[name=password]} and {@code button[name=join]} in
 *       {@code form#join-game-form} ({@code #join-game} on v11), the world title in {@code #world-title}
 *       and a refusal in {@code #join-error}.</li>
 *   <li>With {@link org.foundryrelay.sim.web.JoinRules#STRICT} the v14 page is Foundry 14.366+'s: no user
 *       list; while a name is typed its script asks {@code GET /join/users?name=…}
 *       ({@code {"users":[{"id","name","active"}]}}) and shows {@code #autocomplete li[data-identifier]}
 *       entries; picking one fills the hidden {@code input[name=userId]}.</li>
 *   <li>{@code POST /join}, form-encoded or JSON: the user from {@code userId}, {@code userid} (ids) or
 *       {@code username} (name, any case), as {@link org.foundryrelay.sim.web.JoinRules} allow, and
 *       {@code password}. JSON gets
 *       {@code {"request":"join","status":"success","message":"JOIN.LoginSuccess","redirect":"/game"}} or
 *       401 {@code {"request":"join","status":"failed","error":"JOIN.Error…","message":…}}; a form post
 *       gets 302 {@code /game} or the form again with the error. Success sets the {@code session}
 *       cookie; a second login of the same user ends the first one's session.</li>
 *   <li>{@code GET /game} (session required, else 302 {@code /join}): {@code #ui-left},
 *       {@code #sidebar}, {@code main#game}, {@code body.vtt}, a {@code window.game} stand-in, and for a
 *       full GM (role 4) the module's relay connection. Its state is in {@code window.__relay}
 *       ({@code status}, {@code lastCloseCode}, {@code attempts}, {@code nextRetryMs}, …) and
 *       {@code #relay-status}.</li>
 *   <li>{@code POST /bridge/message}, {@code GET /bridge/player-list}, {@code GET /bridge/events}: the
 *       game page's bridge, each requiring that page's session (the first two a GM's).</li>
 *   <li>{@code GET /api/status}: {@code {active, version[, world, system, systemVersion, users, uptime]}}.</li>
 * </ul>
 *
 * <h2>The module in the page</h2>
 * The script reads {@code localStorage["foundry-rest-api.connectionToken"]} (JSON-encoded like a Foundry
 * client setting, or bare), opens {@code <relay>/relay?id=<clientId>&worldId=…&worldTitle=…&foundryVersion=…
 * &systemId=…&systemTitle=…&systemVersion=…[&customName=…]}, sends {@code {"type":"auth","token":…}},
 * and after {@code auth-success} a {@code ping}, the world's {@code player-list} and a ping every 30 s.
 * Every other relay message goes, one at a time and in order, to {@code /bridge/message}, whose answer
 * (pushes the request caused, then the reply) goes back to the relay; other world pushes arrive over
 * {@code /bridge/events}. It reconnects like the module: backoff {@code min(30 s, 1 s·2^(n-1))} for
 * 20 attempts, none after 1000 or 1008/4001/4002 (which also forget the token), 30 s after 4004.
 *
 * <h2>Not imitated</h2>
 * The licence, admin-password ({@code /auth}) and v14 {@code /players} screens, world migration, the
 * launch progress (a launch completes at once), and Foundry's own socket.
 */
package org.foundryrelay.sim.web;
