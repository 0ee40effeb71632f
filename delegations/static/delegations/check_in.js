/* Check-in on a phone: read the badge's QR code with the camera and send it; typing the code always works.
 * The browser's BarcodeDetector where it reads QR codes, else jsQR (static/vendor/jsqr, Apache-2.0). */
(function () {
  "use strict";
  var form = document.getElementById("check-in-form");
  var input = document.getElementById("token");
  if (!form || !input) return;
  var scanner = form.querySelector(".scanner");
  var video = document.getElementById("scanner-video");
  var button = document.getElementById("scan-button");
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    input.focus();
    return;
  }
  scanner.hidden = false;

  function jsqrDecoder() {
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    form.setAttribute("data-decoder", "jsQR");
    return function () {
      var scale = Math.min(1, 640 / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var frame = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(frame.data, frame.width, frame.height, { inversionAttempts: "attemptBoth" });
      return Promise.resolve(found ? found.data : null);
    };
  }

  function makeDecoder() {
    if (!("BarcodeDetector" in window)) return Promise.resolve(jsqrDecoder());
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") === -1) return jsqrDecoder();
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      form.setAttribute("data-decoder", "BarcodeDetector");
      return function () {
        return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
      };
    }, jsqrDecoder);
  }

  function scan(stream, decode) {
    function tick() {
      if (video.readyState < 2 || !video.videoWidth) return window.setTimeout(tick, 200);
      decode()
        .then(function (code) {
          if (!code) return window.setTimeout(tick, 200);
          stream.getTracks().forEach(function (track) { track.stop(); });
          input.value = code;
          form.submit();
        })
        .catch(function () { window.setTimeout(tick, 200); });
    }
    tick();
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        return video.play().then(makeDecoder).then(function (decode) {
          form.setAttribute("data-scanning", "true");
          scan(stream, decode);
        });
      })
      .catch(function () {
        button.disabled = false;
        input.focus();
      });
  });
})();
