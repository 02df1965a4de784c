// Copy button: copies the paste's code without its line numbers. The code
// is looked up when pressed: an encrypted paste's appears once decrypted.
document.addEventListener("DOMContentLoaded", function () {
  var btn = document.getElementById("copy");
  if (!btn || !navigator.clipboard) return;
  btn.hidden = false;
  btn.addEventListener("click", function () {
    var code = document.querySelector("#code td:last-child pre, #code pre");
    if (!code) return;
    navigator.clipboard.writeText(code.textContent).then(function () {
      btn.textContent = "copied";
      setTimeout(function () { btn.textContent = "copy"; }, 1500);
    });
  });
});
