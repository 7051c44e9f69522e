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

    /** The v14 join page's user name field. */
    static final String NAME_FIELD = "#join-username, input[name=\"username\"]";

    /**
     * Finds {@code username} (any case) on the join page; {@code nameField} is {@link #NAME_FIELD}. {@code form}
     * says how the page asks for the user: {@code select} (v11-v13 and early v14: an option per user),
     * {@code name} (v14: a name field, users shown only as autocomplete entries {@code li[data-identifier]}
     * while a name is typed) or {@code other}. The id comes from the select, else from an autocomplete entry,
     * else from {@code game.users} where the page has it. {@code busy}: Foundry greys out a user already
     * logged in. {@code shown}: the autocomplete entries now on the page, to tell when they have settled.
     */
    static final String FIND_USER = """
            ({ username, nameField }) => {
              const wanted = username.trim().toLowerCase();
              const same = (text) => typeof text === 'string' && text.trim().toLowerCase() === wanted;
              const select = document.querySelector('select[name="userid"]');
              if (select) {
                const option = [...select.options].find((o) => o.value && same(o.textContent));
                return { form: 'select', id: option ? option.value : null, busy: !!option && option.disabled, shown: '' };
              }
              const form = document.querySelector(nameField) ? 'name' : 'other';
              const entries = [...document.querySelectorAll('li[data-identifier]')];
              const shown = entries.map((li) => li.getAttribute('data-identifier')).join(',');
              const names = (li) => [li.getAttribute('data-name'), li.getAttribute('aria-label'), li.textContent,
                ...[...li.children].map((c) => c.textContent)];
              const entry = entries.find((li) => names(li).some(same));
              if (entry) {
                const d = entry.getAttribute('data-disabled');
                return { form, id: entry.getAttribute('data-identifier'), shown,
                  busy: (d !== null && d !== 'false') || entry.getAttribute('aria-disabled') === 'true' };
              }
              const users = globalThis.game && globalThis.game.users;
              const user = users && typeof users.find === 'function' ? users.find((u) => same(u.name)) : null;
              if (user) return { form, id: user.id, busy: !!user.active, shown };
              return { form, id: null, busy: false, shown };
            }""";

    /**
     * Logs in with {@code POST /join} from the page, as Foundry's own form would, so a user without a
     * password can log in too. A found {@code id} is sent as both {@code userid} (up to v14.365) and
     * {@code userId} (later), with {@code username} beside it; without one a select page gets the name as
     * its id and a name page the name alone, and Foundry says whether it knows the user. Answers
     * {@code {outcome: ok|refused, ...}}.
     */
    static final String LOGIN = """
            async ({ username, password, id }) => {
              const body = { action: 'join', username, password };
              if (id) { body.userid = id; body.userId = id; }
              else if (document.querySelector('select[name="userid"]')) { body.userid = username; body.userId = username; }
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
