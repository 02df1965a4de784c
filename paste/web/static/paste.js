// Copy button: copies the paste's code without its line numbers.
document.addEventListener("DOMContentLoaded", function () {
  var btn = document.getElementById("copy");
  var code = document.querySelector("#code td:last-child pre, #code pre");
  if (!btn || !code || !navigator.clipboard) return;
  btn.hidden = false;
  btn.addEventListener("click", function () {
    navigator.clipboard.writeText(code.textContent).then(function () {
      btn.textContent = "copied";
      setTimeout(function () { btn.textContent = "copy"; }, 1500);
    });
  });
});
