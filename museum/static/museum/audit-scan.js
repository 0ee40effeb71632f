/* Audit by phone: read QR labels with the camera and record each object without leaving the page.
 * Decoding: core/qr-decoder.js.
 * Without JavaScript, or a camera, the form records typed accession numbers. */
(function () {
  "use strict";
  var root = document.querySelector("[data-audit-scan]");
  if (!root) return;
  var form = root.querySelector(".scan-form");
  if (!form) return;
  var startButton = root.querySelector(".scan-start");
  var video = root.querySelector(".scan-video");
  var statusLine = root.querySelector(".scan-status");
  var log = root.querySelector(".scan-log");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var lastSeen = {};
  var REPEAT_MS = 4000;
  var busy = false;

  function show(message, outcome) {
    statusLine.textContent = message;
    statusLine.setAttribute("data-outcome", outcome);
  }

  function record(code) {
    var body = new FormData();
    body.append("code", code);
    busy = true;
    return fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrf },
    })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        show(data.message, data.ok ? data.outcome : "error");
        if (!data.ok) return;
        Object.keys(data.counts).forEach(function (key) {
          var cell = root.querySelector('[data-count="' + key + '"]');
          if (cell) cell.textContent = data.counts[key];
        });
        var item = document.createElement("li");
        item.textContent = data.message;
        log.insertBefore(item, log.firstChild);
      })
      .catch(function () { show(statusLine.getAttribute("data-offline"), "error"); })
      .then(function () { busy = false; });
  }

  function loop(decode) {
    function tick() {
      if (busy || video.readyState < 2 || !video.videoWidth) return window.setTimeout(tick, 200);
      decode()
        .then(function (code) {
          var now = Date.now();
          if (code && !(lastSeen[code] && now - lastSeen[code] < REPEAT_MS)) {
            lastSeen[code] = now;
            return record(code);
          }
        })
        .catch(function () {})
        .then(function () { window.setTimeout(tick, 200); });
    }
    tick();
  }

  function start() {
    startButton.disabled = true;
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        startButton.hidden = true;
        return video.play();
      })
      .then(function () { return window.portalQrDecoder(video, root); })
      .then(function (decode) {
        root.setAttribute("data-scanning", "true");
        loop(decode);
      })
      .catch(function (error) {
        startButton.disabled = false;
        show(String(error && error.message ? error.message : error), "error");
      });
  }

  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    startButton.hidden = false;
    startButton.addEventListener("click", start);
  }
})();
