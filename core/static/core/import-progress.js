// An import's progress page: asks the small JSON address every second and shows rows done; when the worker has
// finished, the page loads again and shows the preview or the result. Without JavaScript a meta refresh does it.
(function () {
  "use strict";
  var section = document.querySelector("[data-progress-url]");
  if (!section) return;
  var bar = section.querySelector("progress");
  var text = document.getElementById("import-progress-text");
  var template = section.getAttribute("data-text") || "";
  function poll() {
    fetch(section.getAttribute("data-progress-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (state) {
        if (!state.running) { window.location.reload(); return; }
        if (state.total) { bar.max = state.total; }
        if (state.done !== null && state.total) {
          bar.value = state.done;
          text.textContent = template.replace("DONE", state.done.toLocaleString()).replace("TOTAL", state.total.toLocaleString());
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
