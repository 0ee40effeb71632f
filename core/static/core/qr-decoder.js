/* Reading a QR code from a camera <video>, shared by the phone pages (museum audit, delegations check-in).
 * The browser's BarcodeDetector where it reads QR codes, else jsQR (static/vendor/jsqr, Apache-2.0), which the
 * page loads before this file. portalQrDecoder(video, marked) resolves to a function that resolves to the code
 * in the current frame, or null; `marked` gets data-decoder="BarcodeDetector" or "jsQR" (the browser tests read it). */
(function () {
  "use strict";

  function jsqrDecoder(video, marked) {
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    marked.setAttribute("data-decoder", "jsQR");
    return function () {
      // At most 640 px wide: enough for a label or badge held at arm's length, and quick on a phone.
      var scale = Math.min(1, 640 / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var frame = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(frame.data, frame.width, frame.height, { inversionAttempts: "attemptBoth" });
      return Promise.resolve(found ? found.data : null);
    };
  }

  window.portalQrDecoder = function (video, marked) {
    var fallback = function () { return jsqrDecoder(video, marked); };
    if (!("BarcodeDetector" in window)) return Promise.resolve(fallback());
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") === -1) return fallback();
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      marked.setAttribute("data-decoder", "BarcodeDetector");
      return function () {
        return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
      };
    }, fallback);
  };
})();
