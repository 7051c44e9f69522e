// Strict v14 join form (Foundry 14.366+): no user list in the page. While a name is typed, the users whose
// name starts with it are fetched and shown as li[data-identifier=<user id>] entries; picking one puts its
// id into the hidden userId field, which is all POST /join reads. Typing again clears the choice.
(() => {
  "use strict";
  const DEBOUNCE_MS = 150;
  const input = document.getElementById("join-username");
  const chosen = document.querySelector('input[type="hidden"][name="userId"]');
  const list = document.getElementById("autocomplete");
  let timer = null;
  let asked = 0;

  function show(users) {
    const items = users.map((u) => {
      const li = document.createElement("li");
      li.dataset.identifier = u.id;
      li.setAttribute("role", "option");
      if (u.active) li.dataset.disabled = "true";
      li.textContent = u.name;
      return li;
    });
    list.replaceChildren(...items);
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", String(items.length > 0));
  }

  async function suggest(typed) {
    const mine = ++asked;
    if (!typed.trim()) {
      show([]);
      return;
    }
    try {
      const response = await fetch("/join/users?name=" + encodeURIComponent(typed), { credentials: "same-origin" });
      const data = await response.json();
      if (mine === asked) show(Array.isArray(data.users) ? data.users : []);
    } catch (e) {
      if (mine === asked) show([]);
    }
  }

  input.addEventListener("input", () => {
    chosen.value = "";
    clearTimeout(timer);
    timer = setTimeout(() => suggest(input.value), DEBOUNCE_MS);
  });

  list.addEventListener("click", (event) => {
    const item = event.target.closest("li[data-identifier]");
    if (!item || item.dataset.disabled) return;
    input.value = item.textContent;
    chosen.value = item.dataset.identifier;
    show([]);
  });
})();
