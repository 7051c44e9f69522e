// The dashboard's little script: copy buttons, the pairing countdown, live status lights, the link test and
// live events. Everything works without it except those live parts.
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf"]') || {}).content || "";

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = document.getElementById(button.dataset.copy).textContent;
      navigator.clipboard.writeText(text).then(function () { button.textContent = "Copied"; },
        function () { button.textContent = "Select and copy by hand"; });
    });
  });

  document.querySelectorAll("[data-expires]").forEach(function (el) {
    var until = Number(el.dataset.expires);
    function tick() {
      var left = Math.max(0, Math.round((until - Date.now()) / 1000));
      el.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (left === 0) { el.textContent = "expired: make a new code"; return; }
      setTimeout(tick, 1000);
    }
    tick();
  });

  var list = document.getElementById("worlds");
  var pairing = document.getElementById("pairing");
  if (list) {
    var known = pairing ? pairing.dataset.known.trim().split(/\s+/).filter(Boolean) : [];
    var poll = function () {
      fetch("/dashboard/api/worlds", { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
        data.worlds.forEach(function (w) {
          var light = document.querySelector('[data-light="' + w.clientId + '"]');
          if (light) {
            light.className = "light " + (w.online ? "online" : "offline");
            document.querySelector('[data-state="' + w.clientId + '"]').textContent = w.online ? "online" : "offline";
            document.querySelector('[data-seen="' + w.clientId + '"]').textContent = w.lastSeen;
          }
          if (pairing && w.online && known.indexOf(w.clientId) < 0) {
            var status = document.getElementById("pair-status");
            status.classList.add("online");
            status.querySelector(".text").textContent = "Connected: " + w.name + ". ";
            var more = document.createElement("a");
            more.href = "/dashboard/worlds";
            more.textContent = "Show it in the list";
            status.appendChild(more);
            known.push(w.clientId);
          }
        });
      }).catch(function () { /* the next poll tries again */ });
    };
    setInterval(poll, pairing ? 1000 : 5000);
  }

  document.querySelectorAll("[data-test-link]").forEach(function (button) {
    button.addEventListener("click", function () {
      var id = button.dataset.testLink;
      var out = document.querySelector('[data-test-result="' + id + '"]');
      out.textContent = "Testing…";
      fetch("/dashboard/worlds/" + encodeURIComponent(id) + "/test", { method: "POST", credentials: "same-origin",
        headers: { "X-CSRF-Token": csrf } }).then(function (r) { return r.json(); })
        .then(function (d) { out.textContent = d.message; }, function () { out.textContent = "The relay did not answer"; });
    });
  });

  var events = document.getElementById("events");
  if (events) {
    var status = document.getElementById("events-status");
    ["rolls", "combat"].forEach(function (channel) {
      var source = new EventSource("/dashboard/events/stream?channel=" + channel + "&clientId=" + encodeURIComponent(events.dataset.client));
      source.addEventListener("connected", function () { status.textContent = "Watching: rolls and combat turns appear here as they happen."; });
      var names = channel === "rolls" ? ["roll"]
        : ["combat-start", "combat-turn", "combat-round", "combat-end", "combat-update", "combat-combatant-add",
           "combat-combatant-remove", "combat-event"];
      names.forEach(function (name) {
        source.addEventListener(name, function (e) { show(name, e.data); });
      });
      source.onerror = function () { status.textContent = "Connection lost; retrying…"; };
    });
    var show = function (name, text) {
      var li = document.createElement("li");
      var summary = name;
      try {
        var d = JSON.parse(text);
        if (name === "roll") {
          summary = (d.user && d.user.name ? d.user.name + " rolled " : "Roll ") + (d.formula || "") + " = "
            + (d.rollTotal !== undefined ? d.rollTotal : "?") + (d.flavor ? " (" + d.flavor + ")" : "");
        } else {
          summary = "Combat " + name.replace("combat-", "") + (d.round !== undefined ? ", round " + d.round : "")
            + (d.turn !== undefined ? ", turn " + d.turn : "") + (d.combatant && d.combatant.name ? ": " + d.combatant.name : "");
        }
      } catch (err) { /* the event name is enough */ }
      li.textContent = new Date().toLocaleTimeString() + " · " + summary;
      events.insertBefore(li, events.firstChild);
    };
  }
})();
