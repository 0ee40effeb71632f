/* Check-in on a phone: read the badge's QR code with the camera and send it; typing the code always works.
 * Decoding: core/qr-decoder.js. */
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
        return video.play().then(function () { return window.portalQrDecoder(video, form); }).then(function (decode) {
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
