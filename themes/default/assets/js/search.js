// Search for shine's default theme: no dependencies. It reads the index
// the build writes under /search/ (see site/search): a manifest of
// shard keys, then only the shards whose words start like the typed
// ones, then the result entries of the results it shows. Title matches
// rank first; matches are highlighted with <mark>.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script.getAttribute("data-index") || "/search/";
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list) return;
  var shown = 20;
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

  function search(q) {
    var mine = ++seq;
    var started = performance.now();
    var ts = terms(q);
    if (!ts.length) {
      list.innerHTML = "";
      if (status) status.textContent = "";
      return Promise.resolve();
    }
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
        var top = scored.slice(0, shown);
        var chunks = [];
        top.forEach(function (r) {
          var c = Math.floor(r.id / manifest.chunk);
          if (chunks.indexOf(c) < 0) chunks.push(c);
        });
        return Promise.all(chunks.map(function (c) { return load("f/" + c + ".json"); })).then(function () {
          return Promise.all(top.map(function (r) {
            return load("f/" + Math.floor(r.id / manifest.chunk) + ".json").then(function (entries) {
              return entries[r.id % manifest.chunk];
            });
          }));
        }).then(function (entries) {
          if (mine !== seq) return;
          list.innerHTML = entries.map(function (e) {
            return '<li class="search-result search-result--' + escapeHTML(e[2]) + '">' +
              '<a class="search-result__title" href="' + escapeHTML(e[1]) + '">' + mark(e[0], ts) + "</a> " +
              '<span class="search-result__kind">' + escapeHTML(e[2]) + "</span>" +
              '<p class="search-result__text">' + mark(e[3], ts) + "</p></li>";
          }).join("");
          if (status) {
            status.textContent = scored.length === 0 ? "No results" :
              scored.length === 1 ? "1 result" : scored.length + " results" + (scored.length > shown ? ", the first " + shown + " shown" : "");
          }
          window.shineSearchMs = performance.now() - started;
        });
      });
    }).catch(function (err) {
      if (status) status.textContent = "Search is unavailable: " + err.message;
    });
  }

  input.addEventListener("input", function () {
    var q = input.value;
    var url = new URL(location.href);
    if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    search(q);
  });
  var q = new URL(location.href).searchParams.get("q");
  if (q) {
    input.value = q;
    search(q);
  }
  window.shineSearch = search;
})();
