// Deep zoom on an exhibit page: a button loads OpenSeadragon (served from the portal's own static files)
// only when a visitor asks for it, and the viewer takes the place of the large image. Without
// JavaScript the large image stays as it is.
(function () {
  "use strict";

  function start(box, button) {
    var figure = document.querySelector(".exhibit-image");
    var script = document.createElement("script");
    script.src = box.dataset.viewerScript;
    script.onload = function () {
      box.hidden = false;
      box.style.height = "min(70vh, 640px)";
      if (figure) {
        figure.querySelector("img").hidden = true;
        figure.insertBefore(box, figure.firstChild);
      }
      box.viewer = window.OpenSeadragon({
        element: box,
        tileSources: box.dataset.tileSource,
        prefixUrl: box.dataset.prefixUrl,
        showNavigator: true,
      });
      button.remove();
    };
    script.onerror = function () {
      button.disabled = true;
    };
    document.head.appendChild(script);
  }

  document.querySelectorAll("[data-deep-zoom]").forEach(function (box) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button deep-zoom-button";
    button.textContent = box.dataset.label;
    button.addEventListener("click", function () {
      button.disabled = true;
      start(box, button);
    });
    box.parentNode.insertBefore(button, box);
  });
})();
