// The REST API module's relay connection, running in the game page and bridged to the simulator's
// Java world: relay messages go to POST /bridge/message, world pushes arrive on /bridge/events.
// State for tests and automation: window.__relay and #relay-status.
(() => {
  "use strict";
  const TOKEN_KEY = "foundry-rest-api.connectionToken";
  const OPEN = 1;
  const config = JSON.parse(document.getElementById("foundry-config").textContent);
  const statusEl = document.getElementById("relay-status");
  const detailEl = document.getElementById("relay-detail");

  const state = {
    status: "idle",          // see setStatus calls below
    lastCloseCode: null,
    lastCloseReason: null,
    attempts: 0,             // failed attempts since the last auth-success
    connections: 0,          // sockets opened so far
    nextRetryMs: null,       // pending reconnect delay, null when none is scheduled
    tokenForgotten: false,
    sent: 0,
    received: 0
  };
  window.__relay = state;
  // A small stand-in for Foundry's global, for automation that checks who is logged in.
  window.game = {
    ready: true,
    version: config.foundryVersion,
    user: { id: config.user.id, name: config.user.name, role: config.user.role, isGM: config.user.role >= 3 },
    world: { id: config.world.id, title: config.world.title }
  };

  let socket = null;
  let pingTimer = null;
  let retryTimer = null;
  // Relay messages are bridged one at a time, in arrival order, so replies keep the relay's order.
  let queue = Promise.resolve();

  function setStatus(status, detail) {
    state.status = status;
    statusEl.textContent = status;
    statusEl.dataset.status = status;
    detailEl.textContent = detail || "";
  }

  function readToken() {
    let raw = null;
    try { raw = window.localStorage.getItem(TOKEN_KEY); } catch (e) { raw = null; }
    if (raw === null || raw === "") return null;
    // Foundry keeps client settings JSON-encoded; accept a bare string too.
    try {
      const value = JSON.parse(raw);
      if (typeof value === "string") return value === "" ? null : value;
    } catch (e) { /* not JSON: use as is */ }
    return raw;
  }

  function forgetToken() {
    state.tokenForgotten = true;
    try { window.localStorage.removeItem(TOKEN_KEY); } catch (e) { /* storage unavailable */ }
  }

  function sendTo(ws, text) {
    if (ws !== socket || ws.readyState !== OPEN || state.status !== "connected" && state.status !== "authenticating") return;
    ws.send(text);
    state.sent++;
  }

  function enqueue(job) {
    queue = queue.then(job).catch((e) => console.warn("foundry-rest-api bridge:", e));
  }

  function connect() {
    retryTimer = null;
    state.nextRetryMs = null;
    const token = readToken();
    if (!token) {
      setStatus("not-paired", "No connection token in this browser.");
      return;
    }
    setStatus("connecting");
    state.connections++;
    let ws;
    try {
      ws = new WebSocket(config.module.socketUrl);
    } catch (e) {
      closed(1006, String(e));
      return;
    }
    socket = ws;
    const timeout = setTimeout(() => {
      if (ws.readyState === WebSocket.CONNECTING) ws.close();
    }, config.module.connectTimeoutMs);
    ws.onopen = () => {
      clearTimeout(timeout);
      if (ws !== socket) return;
      setStatus("authenticating");
      sendTo(ws, JSON.stringify({ type: "auth", token: token }));
    };
    ws.onmessage = (event) => {
      if (ws === socket && typeof event.data === "string") received(ws, event.data);
    };
    ws.onclose = (event) => {
      clearTimeout(timeout);
      if (ws === socket) closed(event.code, event.reason);
    };
  }

  function received(ws, text) {
    let message;
    try { message = JSON.parse(text); } catch (e) { return; }
    if (message === null || typeof message !== "object" || Array.isArray(message)) return;
    state.received++;
    if (state.status === "authenticating") {
      // Until auth-success the module ignores everything else.
      if (message.type === "auth-success") authenticated(ws);
      return;
    }
    if (state.status !== "connected") return;
    switch (message.type) {
      case "ping": sendTo(ws, JSON.stringify({ type: "pong" })); return;
      case "pong": case "auth-success": return;
      default: bridge(ws, text);
    }
  }

  function authenticated(ws) {
    state.attempts = 0;
    setStatus("connected");
    sendTo(ws, JSON.stringify({ type: "ping" }));
    enqueue(async () => {
      const response = await fetch("/bridge/player-list", { credentials: "same-origin", cache: "no-store" });
      if (response.status === 401) return sessionLost();
      if (response.ok) sendTo(ws, await response.text());
    });
    pingTimer = setInterval(() => sendTo(ws, JSON.stringify({ type: "ping" })), config.module.pingIntervalMs);
  }

  // The bridge answers with one JSON message per line: pushes the request caused, then the reply.
  function bridge(ws, text) {
    enqueue(async () => {
      const response = await fetch("/bridge/message", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: text,
        credentials: "same-origin"
      });
      if (response.status === 401) return sessionLost();
      if (!response.ok) throw new Error("bridge answered HTTP " + response.status);
      for (const line of (await response.text()).split("\n")) {
        if (line !== "") sendTo(ws, line);
      }
    });
  }

  function closed(code, reason) {
    socket = null;
    clearInterval(pingTimer);
    pingTimer = null;
    state.lastCloseCode = code;
    state.lastCloseReason = reason || "";
    if (code === 1000) {
      setStatus("stopped", "Disconnected by the relay: " + (reason || "normal closure"));
    } else if (code === 1008 || code === 4001 || code === 4002) {
      forgetToken();
      setStatus("auth-failed", "The relay refused this world (" + code + "): " + (reason || ""));
    } else if (code === 4004) {
      // Another GM's browser holds the connection; try again later.
      schedule(config.module.duplicateRetryMs, "deferred");
    } else {
      state.attempts++;
      if (state.attempts > config.module.maxAttempts) {
        setStatus("gave-up", "No connection after " + config.module.maxAttempts + " attempts.");
        return;
      }
      const delay = Math.min(config.module.reconnectMaxMs, config.module.reconnectBaseMs * 2 ** (state.attempts - 1));
      schedule(delay, "reconnecting");
    }
  }

  function schedule(delay, status) {
    state.nextRetryMs = delay;
    setStatus(status, "Next attempt in " + delay + " ms.");
    retryTimer = setTimeout(connect, delay);
  }

  function stop() {
    clearTimeout(retryTimer);
    retryTimer = null;
    state.nextRetryMs = null;
    const ws = socket;
    socket = null;
    clearInterval(pingTimer);
    if (!ws) return Promise.resolve();
    // Resolves once the close handshake is done, so a page that navigates next lets the relay see 1000
    // rather than a dropped connection; never waits longer than a second.
    return new Promise((resolve) => {
      ws.addEventListener("close", resolve, { once: true });
      setTimeout(resolve, 1000);
      ws.close(1000, "Disconnecting");
    });
  }

  function sessionLost() {
    stop().then(() => { window.location.href = "/join"; });
  }

  // Every page holds the event stream: it carries the world's pushes (GM pages) and tells a page
  // that its session ended (another login of the same user, or the world was shut down).
  const events = new EventSource("/bridge/events");
  events.onmessage = (event) => {
    if (socket && state.status === "connected") sendTo(socket, event.data);
  };
  events.addEventListener("session-ended", (event) => {
    events.close();
    setStatus("session-ended", event.data);
    stop().then(() => { window.location.href = "/join"; });
  });

  if (config.module === null) {
    // The module only runs its relay connection for a full Gamemaster.
    setStatus("disabled", "The relay connection only runs for a Gamemaster.");
  } else if (!config.module.paired) {
    setStatus("not-paired", "This world is not paired with a relay.");
  } else if (!readToken()) {
    setStatus("not-paired", "No connection token in this browser.");
  } else {
    setStatus("starting");
    setTimeout(connect, config.module.startDelayMs);
  }
})();
