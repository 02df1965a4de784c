// shine serve's live reload: listens for the server's events, reloads the
// page when the site changed, swaps stylesheets in place when only CSS
// did, and shows a build error over the page until the next good save.
(function () {
  "use strict";
  var src = document.currentScript && document.currentScript.src;
  var root = src ? src.replace(/\/_shine\/livereload\.js.*$/, "") : "";
  var serverID = null;

  function overlay(html) {
    var old = document.getElementById("shine-error");
    if (old) old.remove();
    if (!html) return;
    var box = document.createElement("div");
    box.innerHTML = html;
    var el = box.firstElementChild;
    if (el) document.body.appendChild(el);
  }

  function swapCSS(urls) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    var stamp = "shine=" + Date.now();
    links.forEach(function (link) {
      var u = new URL(link.href, location.href);
      if (urls && urls.length && urls.indexOf(u.pathname) < 0) return;
      u.searchParams.delete("shine");
      var next = link.cloneNode();
      next.href = u.pathname + (u.search ? u.search + "&" : "?") + stamp;
      next.onload = function () { link.remove(); };
      link.after(next);
    });
  }

  function connect() {
    var es = new EventSource(root + "/_shine/events");
    es.addEventListener("hello", function (e) {
      if (serverID !== null && serverID !== e.data) location.reload();
      serverID = e.data;
    });
    es.addEventListener("reload", function () { location.reload(); });
    es.addEventListener("css", function (e) { swapCSS(JSON.parse(e.data)); });
    es.addEventListener("problem", function (e) { overlay(JSON.parse(e.data)); });
    es.addEventListener("ok", function () { overlay(""); });
  }
  connect();
})();
