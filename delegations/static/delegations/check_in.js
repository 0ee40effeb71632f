// Check-in: read a badge's QR code with the phone's camera where the browser can (BarcodeDetector),
// and send its code; typing the code always works too.
(function () {
  "use strict";
  var form = document.getElementById("check-in-form");
  var input = document.getElementById("token");
  if (!form || !input) return;
  input.focus();
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;

  var scanner = form.querySelector(".scanner");
  var video = document.getElementById("scanner-video");
  var button = document.getElementById("scan-button");
  scanner.hidden = false;

  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" } })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        return video.play().then(function () {
          function look() {
            detector
              .detect(video)
              .then(function (codes) {
                if (codes.length) {
                  stream.getTracks().forEach(function (track) { track.stop(); });
                  input.value = codes[0].rawValue;
                  form.submit();
                } else {
                  window.requestAnimationFrame(look);
                }
              })
              .catch(function () { window.requestAnimationFrame(look); });
          }
          look();
        });
      })
      .catch(function () {
        scanner.hidden = true;
        input.focus();
      });
  });
})();
