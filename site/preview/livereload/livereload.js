// shine serve's live reload: listens for the server's events; when the
// site changed, brings this page up to date: in place when only its own
// HTML changed, by reloading it when anything it may load did; swaps
// stylesheets in place when only CSS did; and shows a build error over
// the page until the next good save.
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

  // here are the output paths this page may have been served from.
  function here() {
    var p = location.pathname;
    try { p = decodeURIComponent(p); } catch (e) { /* keep it encoded */ }
    if (p.slice(-1) === "/") return [p + "index.html"];
    return [p, p + ".html", p + "/index.html"];
  }

  // A file a page may load and show (a script, an image, a font): when
  // one changes, pages reload. Other pages and data files (feeds, the
  // search index) do not make this page show anything else on their
  // own; a page whose output did not change stays as it is.
  var embedded = /\.(m?js|png|jpe?g|gif|svg|webp|avif|ico|bmp|woff2?|ttf|otf|eot|mp4|webm|ogg|mp3|wav|pdf|wasm)$/i;

  // changed handles a rebuild that wrote or removed the files at paths
  // (null: too many to list, or everything).
  function changed(paths) {
    document.dispatchEvent(new CustomEvent("shine:change", { detail: paths }));
    if (!paths) return location.reload();
    var mine = here(), own = false;
    for (var i = 0; i < paths.length; i++) {
      if (mine.indexOf(paths[i]) >= 0) own = true;
      else if (embedded.test(paths[i])) return location.reload();
    }
    if (own) refresh();
  }

  // refresh fetches this page again and changes only what differs,
  // keeping the scroll position, the state of scripts and the live
  // reload connection; a change it cannot make in place (the head, a
  // script) reloads the page.
  function refresh() {
    fetch(location.href, { cache: "no-store" }).then(function (r) {
      return r.text();
    }).then(function (text) {
      var next = new DOMParser().parseFromString(text, "text/html");
      if (!sameHead(document.head, next.head) || !morph(document.body, next.body)) {
        location.reload();
        return;
      }
      if (document.title !== next.title) document.title = next.title;
      window.shineRefreshed = (window.shineRefreshed || 0) + 1;
    }).catch(function () { location.reload(); });
  }

  // sameHead says whether two heads load the same things: scripts,
  // stylesheets (whatever their swap stamp), base, meta charset.
  function sameHead(a, b) {
    function sig(h) {
      return Array.prototype.map.call(h.querySelectorAll("script, link, style, base, meta[charset], meta[http-equiv]"), function (el) {
        if (el.tagName === "LINK" && el.rel === "stylesheet") {
          return "link " + el.getAttribute("href").replace(/[?&]shine=\d+$/, "");
        }
        return el.outerHTML;
      }).join("\n");
    }
    return sig(a) === sig(b);
  }

  function hasScript(n) {
    return n.nodeType === 1 && (n.tagName === "SCRIPT" || n.querySelector("script") !== null);
  }

  // morph makes the live element a like the parsed element b, of the
  // same tag: attributes, then children, keeping the nodes that stay.
  // It returns false, leaving a part done, when a script would have to
  // be added, removed or changed: those run only on a load.
  function morph(a, b) {
    var i, attr;
    for (i = a.attributes.length - 1; i >= 0; i--) {
      attr = a.attributes[i];
      if (!b.hasAttribute(attr.name)) a.removeAttribute(attr.name);
    }
    for (i = 0; i < b.attributes.length; i++) {
      attr = b.attributes[i];
      if (a.getAttribute(attr.name) !== attr.value) a.setAttribute(attr.name, attr.value);
    }
    var want = Array.prototype.slice.call(b.childNodes);
    for (i = 0; i < want.length; i++) {
      var x = a.childNodes[i], y = want[i];
      if (!x) {
        if (hasScript(y)) return false;
        a.appendChild(document.importNode(y, true));
      } else if (x.nodeType !== y.nodeType || x.nodeName !== y.nodeName) {
        if (hasScript(x) || hasScript(y)) return false;
        a.replaceChild(document.importNode(y, true), x);
      } else if (x.nodeType === 1) {
        if (x.tagName === "SCRIPT") {
          if (x.outerHTML !== y.outerHTML) return false;
        } else if (!morph(x, y)) {
          return false;
        }
      } else if (x.nodeValue !== y.nodeValue) {
        x.nodeValue = y.nodeValue;
      }
    }
    while (a.childNodes.length > want.length) {
      if (hasScript(a.lastChild)) return false;
      a.removeChild(a.lastChild);
    }
    return true;
  }

  function connect() {
    var es = new EventSource(root + "/_shine/events");
    es.addEventListener("hello", function (e) {
      if (serverID !== null && serverID !== e.data) location.reload();
      serverID = e.data;
    });
    es.addEventListener("reload", function (e) { changed(e.data ? JSON.parse(e.data) : null); });
    es.addEventListener("css", function (e) { swapCSS(JSON.parse(e.data)); });
    es.addEventListener("problem", function (e) { overlay(JSON.parse(e.data)); });
    es.addEventListener("ok", function () { overlay(""); });
  }
  connect();
})();
