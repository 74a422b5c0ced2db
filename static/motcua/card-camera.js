// Reads the chip ID card's QR with the device camera where the browser can (BarcodeDetector),
// and puts its text in the QR field, as a keyboard-wedge scanner would. Without support the
// button stays hidden: the scanner field and the photo upload still work.
(function () {
  const button = document.querySelector("[data-card-camera]");
  const field = document.getElementById(button && button.dataset.cardCamera);
  if (!button || !field || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  const video = document.createElement("video");
  video.setAttribute("playsinline", "");
  video.style.maxWidth = "100%";
  video.hidden = true;
  button.after(video);
  button.hidden = false;
  button.addEventListener("click", async () => {
    let stream;
    try {
      const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      const started = Date.now();
      while (Date.now() - started < 30000) {
        const codes = await detector.detect(video);
        if (codes.length) {
          field.value = codes[0].rawValue;
          field.form.querySelector("[name=read_card]").click();
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } catch (error) {
      button.insertAdjacentText("afterend", " " + (button.dataset.failed || ""));
    } finally {
      if (stream) stream.getTracks().forEach((track) => track.stop());
      video.hidden = true;
    }
  });
})();
