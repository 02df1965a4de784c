// Search for shine's default theme: no dependencies. The header's box
// searches as the person types: on the /search/ page the results fill
// the page; on any other page they show in a panel under the box, with
// a link to all of them. Title matches rank first; matches are
// highlighted with <mark>. The index the build writes under /search/
// (see site/search) is read in small parts: a manifest of shard keys,
// then only the shards whose words start like the typed ones, then the
// result entries of the results shown.
(function () {
  "use strict";
  if (window.shineSearch) return; // loaded by the header and the page
  var script = document.querySelector("script[data-search-index]");
  var base = (script && script.getAttribute("data-search-index")) || "/search/";
  var pageList = document.getElementById("search-results");
  // The header's box, or on the search page of a site whose layout has
  // none, the page's own.
  var input = document.getElementById("search-input");
  var pageInput = document.getElementById("search-page-input");
  if (input && pageInput) pageInput.form.hidden = true;
  input = input || pageInput;
  if (!input) return;
  var panel = document.getElementById("search-panel");
  var list = pageList || (panel && panel.querySelector(".search-panel__results"));
  var status = pageList ? document.getElementById("search-status") : panel && panel.querySelector(".search-panel__status");
  if (!list) return;
  var shown = pageList ? 20 : 8;
  var cache = {};
  var seq = 0;

  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
    }
    return cache[path];
  }

  function hex(s) {
    var bytes = new TextEncoder().encode(s), out = "";
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return out;
  }

  function terms(q) {
    var words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
    return words.filter(function (w, i) { return w.length >= 2 && words.indexOf(w) === i; });
  }

  function decode(deltas) {
    var ids = [], id = 0;
    for (var i = 0; i < deltas.length; i++) { id += deltas[i]; ids.push(id); }
    return ids;
  }

  // matches finds, for one term, the documents with a word starting
  // with it: in the title or the text, and whether the word is whole.
  function matches(manifest, term) {
    var keys = manifest.keys.filter(function (k) { return term.indexOf(k) === 0 || k.indexOf(term) === 0; });
    return Promise.all(keys.map(function (k) { return load("w/" + hex(k) + ".json"); })).then(function (shards) {
      var found = new Map();
      shards.forEach(function (shard) {
        Object.keys(shard).forEach(function (word) {
          if (word.indexOf(term) !== 0) return;
          var whole = word === term;
          [0, 1].forEach(function (part) {
            decode(shard[word][part]).forEach(function (id) {
              var m = found.get(id) || { title: false, whole: false };
              if (part === 0) m.title = true;
              if (whole) m.whole = true;
              found.set(id, m);
            });
          });
        });
      });
      return found;
    });
  }

  // query finds the documents with every term: how many, and the
  // entries ([title, url, kind, excerpt]) of the first n.
  function query(ts, n) {
    return load("index.json").then(function (manifest) {
      return Promise.all(ts.map(function (t) { return matches(manifest, t); })).then(function (per) {
        var scored = [];
        per[0].forEach(function (m0, id) {
          var score = 0;
          for (var i = 0; i < per.length; i++) {
            var m = per[i].get(id);
            if (!m) return;
            score += (m.title ? 1000 : 0) + (m.whole ? 10 : 0);
          }
          scored.push({ id: id, score: score });
        });
        scored.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
        return Promise.all(scored.slice(0, n).map(function (r) {
          return load("f/" + Math.floor(r.id / manifest.chunk) + ".json").then(function (entries) {
            return entries[r.id % manifest.chunk];
          });
        })).then(function (entries) { return { count: scored.length, entries: entries }; });
      });
    });
  }

  function escapeHTML(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // mark escapes text and wraps the words starting with a term in <mark>.
  function mark(text, ts) {
    if (!ts.length) return escapeHTML(text);
    var alt = ts.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|");
    var re = new RegExp("(^|[^\\p{L}\\p{N}])(" + alt + ")", "giu");
    var out = "", last = 0, m;
    while ((m = re.exec(text)) !== null) {
      var start = m.index + m[1].length;
      out += escapeHTML(text.slice(last, start)) + "<mark>" + escapeHTML(m[2]) + "</mark>";
      last = start + m[2].length;
    }
    return out + escapeHTML(text.slice(last));
  }

  function show(open) {
    if (panel && !pageList) panel.hidden = !open;
  }

  function search(q) {
    var mine = ++seq;
    var started = performance.now();
    var ts = terms(q);
    if (!ts.length) {
      list.innerHTML = "";
      if (status) status.textContent = "";
      show(false);
      return Promise.resolve();
    }
    return query(ts, shown).then(function (r) {
      if (mine !== seq) return;
      list.innerHTML = r.entries.map(function (e) {
        return '<li class="search-result search-result--' + escapeHTML(e[2]) + '">' +
          '<a class="search-result__title" href="' + escapeHTML(e[1]) + '">' + mark(e[0], ts) + "</a> " +
          '<span class="search-result__kind">' + escapeHTML(e[2]) + "</span>" +
          '<p class="search-result__text">' + mark(e[3], ts) + "</p></li>";
      }).join("");
      if (status) {
        var n = r.count;
        var text = n === 0 ? "No results" : n === 1 ? "1 result" : n + " results";
        if (n > shown) {
          text += ", the first " + shown + " shown";
        }
        status.textContent = text;
        if (!pageList && n > shown) {
          var all = document.createElement("a");
          all.className = "search-panel__all";
          all.href = base + "?q=" + encodeURIComponent(q);
          all.textContent = "See all " + n + " results";
          status.appendChild(document.createTextNode(" · "));
          status.appendChild(all);
        }
      }
      show(true);
      window.shineSearchMs = performance.now() - started;
    }).catch(function (err) {
      if (mine !== seq) return;
      if (status) status.textContent = "Search is unavailable: " + err.message;
      show(true);
    });
  }

  input.addEventListener("input", function () {
    var q = input.value;
    if (pageList) {
      var url = new URL(location.href);
      if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
    }
    search(q);
  });
  input.form.addEventListener("submit", function (ev) {
    if (pageList) ev.preventDefault(); // the results are already here
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") show(false);
  });
  document.addEventListener("click", function (ev) {
    if (!input.form.contains(ev.target)) show(false);
  });
  input.addEventListener("focus", function () {
    if (list.children.length) show(true);
    load("index.json").catch(function () {}); // ready before the first letter
  });
  if (pageList) {
    var q = new URL(location.href).searchParams.get("q");
    if (q) {
      input.value = q;
      search(q);
    }
    input.focus();
  }
  window.shineSearch = search;
})();
