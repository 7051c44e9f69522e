package org.foundryrelay.session;

/**
 * The scripts evaluated in a session's Foundry page. Values from callers (user name, password, world)
 * are always passed as the script's argument, never written into its source.
 */
final class FoundryScripts {
    private FoundryScripts() {}

    /**
     * Which Foundry screen is showing: {@code error} (Chromium's error page), {@code license},
     * {@code admin-auth}, {@code players}, {@code join}, {@code join-loading}, {@code setup},
     * {@code setup-loading} (v14 renders the world list late), {@code game}, {@code game-loading} or
     * {@code unknown}; with the page's origin, path and any visible error text.
     */
    static final String STATE = """
            () => {
              const path = location.pathname.replace(/\\/+$/, '');
              const has = (s) => document.querySelector(s) !== null;
              const shown = (s) => {
                const e = document.querySelector(s);
                return e && !e.hidden && e.textContent.trim() ? e.textContent.trim().slice(0, 300) : null;
              };
              const result = (state) => ({ state, path: location.pathname, origin: location.origin,
                error: shown('#setup-error') || shown('#join-error') || shown('#notifications .notification.error') });
              if (location.protocol === 'chrome-error:') return result('error');
              if (path.endsWith('/license')) return result('license');
              if (path.endsWith('/auth')) return result('admin-auth');
              if (path.endsWith('/players')) return result('players');
              const gameUi = has('#ui-left, #sidebar, #game, .vtt');
              if (has('input[name="password"]') && has('select[name="userid"], #join-username, input[name="username"]')) {
                return result('join');
              }
              if (has('li.package.world')) return result('setup');
              if (path.endsWith('/setup')) return result('setup-loading');
              if (gameUi) return result('game');
              if (path.endsWith('/game')) return result('game-loading');
              if (path.endsWith('/join')) return result('join-loading');
              return result('unknown');
            }""";

    /** The setup screen's worlds ({@code id}, {@code title}); finds {@code wanted} by id, then title, and clicks play when asked. */
    static final String WORLDS = """
            ({ wanted, click }) => {
              const items = [...document.querySelectorAll('li.package.world')];
              const worlds = items.map((li) => ({ id: li.getAttribute('data-package-id') || '',
                title: ((li.querySelector('.package-title, h3') || {}).textContent || '').trim() }));
              const w = (wanted || '').trim().toLowerCase();
              let i = worlds.findIndex((x) => x.id.toLowerCase() === w);
              if (i < 0) i = worlds.findIndex((x) => x.title.toLowerCase() === w);
              if (i < 0 || !click) return { worlds, found: i >= 0, clicked: false };
              const control = items[i].querySelector('a.control.play, button.control.play, [data-action="worldLaunch"]');
              if (control) control.click();
              return { worlds, found: true, clicked: !!control };
            }""";

    /**
     * Logs in with {@code POST /join} from the page, as Foundry's own form would, so a user without a
     * password can log in too. The user id comes from the v11-v14 user select, the v14 autocomplete list or
     * {@code game.users}; it is sent as both {@code userid} (up to v14.365) and {@code userId} (later),
     * with {@code username} beside it. A user shown as active (greyed out) is not logged in again, since
     * Foundry would throw the other browser out. Answers {@code {outcome: ok|busy|refused, ...}}.
     */
    static final String LOGIN = """
            async ({ username, password }) => {
              const wanted = username.trim().toLowerCase();
              const select = document.querySelector('select[name="userid"]');
              let id = null;
              let busy = false;
              if (select) {
                const option = [...select.options].find((o) => o.value && o.textContent.trim().toLowerCase() === wanted);
                if (option) { id = option.value; busy = option.disabled; }
              } else {
                const item = [...document.querySelectorAll('#autocomplete li[data-identifier], li[data-identifier]')]
                  .find((li) => li.textContent.trim().toLowerCase() === wanted);
                if (item) {
                  id = item.getAttribute('data-identifier');
                  const d = item.getAttribute('data-disabled');
                  busy = d !== null && d !== 'false';
                } else {
                  const users = globalThis.game && globalThis.game.users;
                  const user = users && typeof users.find === 'function'
                    ? users.find((u) => (u.name || '').toLowerCase() === wanted) : null;
                  if (user) { id = user.id; busy = !!user.active; }
                }
              }
              if (busy) return { outcome: 'busy' };
              const body = { action: 'join', username, password };
              if (id) { body.userid = id; body.userId = id; }
              else if (select) { body.userid = username; body.userId = username; }
              let response;
              try {
                response = await fetch(location.pathname, { method: 'POST', credentials: 'same-origin',
                  headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' }, body: JSON.stringify(body) });
              } catch (e) {
                return { outcome: 'refused', status: 0, code: null, message: 'the join request failed: ' + e };
              }
              const text = await response.text();
              let data = null;
              try { data = JSON.parse(text); } catch (e) { data = null; }
              if (response.ok && data && data.status === 'success') {
                return { outcome: 'ok', next: new URL(data.redirect || 'game', location.href).href };
              }
              const code = data && typeof data.error === 'string' ? data.error : null;
              const message = data && typeof data.message === 'string' ? data.message
                : (!data && text ? text.replace(/\\s+/g, ' ').trim().slice(0, 200) : null);
              return { outcome: 'refused', status: response.status, code, message };
            }""";

    /** What the game page says about itself, for checks and for explaining a module that does not connect. */
    static final String GAME_INFO = """
            () => {
              const g = globalThis.game || {};
              const moduleEntry = g.modules && typeof g.modules.get === 'function' ? g.modules.get('foundry-rest-api') : undefined;
              return {
                worldId: g.world && g.world.id || null,
                worldTitle: g.world && g.world.title || null,
                userName: g.user && g.user.name || null,
                role: g.user && typeof g.user.role === 'number' ? g.user.role : null,
                modules: !!g.modules,
                moduleActive: moduleEntry === undefined ? null : !!moduleEntry.active
              };
            }""";
}
