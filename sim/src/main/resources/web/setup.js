// Setup screen: launches a world like Foundry's setup page (POST /setup {action:"launchWorld"}), then
// goes to /join. v14 renders the world list only after load, so automation has to wait for it.
(() => {
  "use strict";
  const config = JSON.parse(document.getElementById("setup-config").textContent);
  const list = document.getElementById("world-list");
  const errorBox = document.getElementById("setup-error");

  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = false;
  }

  async function launch(worldId) {
    try {
      const response = await fetch("/setup", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ action: "launchWorld", world: worldId }),
        credentials: "same-origin"
      });
      if (response.ok) {
        window.location.href = "/join";
        return;
      }
      const body = await response.json().catch(() => ({}));
      showError(body.error || ("Launch failed: HTTP " + response.status));
    } catch (e) {
      showError("Launch failed: " + e);
    }
  }

  list.addEventListener("click", (event) => {
    const control = event.target.closest("a.control.play");
    if (!control || !list.contains(control)) return;
    event.preventDefault();
    const item = control.closest("li.package.world");
    if (item) launch(item.dataset.packageId);
  });

  if (config.lateWorldList) {
    setTimeout(() => {
      list.replaceChildren(document.getElementById("world-list-late").content.cloneNode(true));
    }, config.lateWorldListDelayMs);
  }
})();
