// Search for shine's default theme: no dependencies. The header's box
// searches as the person types: on the /search/ page the results fill
// the page; on any other page they show in a panel under the box, with
// a link to all of them. Title matches rank first; matches are
// highlighted with <mark>. The index the build writes under /search/
// (see site/search) is read in small parts: a manifest of shard keys;
// for each word typed, the shard that ranks the best documents of every
// word starting with it; the entries of the results shown; and only
// for two words or more, the lists of all documents that have each.
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
  var full = {}; // every document's rank, by term
  var seq = 0;

  // load fetches a file of the index once; a failed fetch is tried
  // again by the next query.
  function load(path, binary) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return binary ? r.arrayBuffer() : r.json();
      });
      cache[path].catch(function () { delete cache[path]; });
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

  // shardKey is the key of the shard that holds prefix t: the longest
  // key that starts it.
  function shardKey(m, t) {
    var best = null;
    for (var i = 0; i < m.keys.length; i++) {
      var k = m.keys[i];
      if (t.indexOf(k) === 0 && (best === null || k.length > best.length)) best = k;
    }
    return best;
  }

  function shard(k) { return load("w/" + hex(k) + ".json"); }

  // node is prefix t's entry: [count, id, rank, id, rank, ...], the best
  // documents first; null when no word starts with t.
  function node(m, t) {
    var k = shardKey(m, t);
    if (k === null) return Promise.resolve(null);
    return shard(k).then(function (s) { return s.n[t] ? { n: s.n[t], d: s.d } : null; });
  }

  // rank is where a document comes through a word with score s (see
  // site/search): title, then whole word, then the text's part.
  function rank(s, whole) { return ((s >> 4) * 2 + (whole ? 1 : 0)) * 16 + (s & 15); }

  // everything finds the rank of every document with a word starting
  // with t (-1 for the others): from its node when that lists them all,
  // else from the words under t, their own lists or their t/ files.
  function everything(m, t, nd) {
    if (!full[t]) {
      full[t] = everyRank(m, t, nd);
      full[t].catch(function () { delete full[t]; });
    }
    return full[t];
  }

  function everyRank(m, t, nd) {
    var ranks = new Int16Array(m.count).fill(-1), i;
    if (nd[0] * 2 === nd.length - 1) {
      for (i = 1; i < nd.length; i += 2) ranks[nd[i]] = nd[i + 1];
      return Promise.resolve(ranks);
    }
    var keys = m.keys.filter(function (k) { return k.length > t.length && k.indexOf(t) === 0; });
    keys.push(shardKey(m, t));
    return Promise.all(keys.map(shard)).then(function (shards) {
      var tails = [];
      function put(id, s, whole) {
        var r = rank(s, whole);
        if (r > ranks[id]) ranks[id] = r;
      }
      shards.forEach(function (sh) {
        Object.keys(sh.w).forEach(function (w) {
          if (w.indexOf(t) !== 0) return;
          var e = sh.w[w], whole = w === t;
          if (e.length === 1) {
            tails.push(load("t/" + hex(w) + ".bin", true).then(function (buf) {
              var b = new Uint8Array(buf), j = 0, id = 0;
              while (j < b.length) {
                var d = 0, shift = 0, c;
                do { c = b[j++]; d |= (c & 127) << shift; shift += 7; } while (c & 128);
                id += d;
                put(id, b[j++], whole);
              }
            }));
            return;
          }
          for (var k = 1; k < e.length; k += 2) put(e[k], e[k + 1], whole);
        });
      });
      return Promise.all(tails).then(function () { return ranks; });
    });
  }

  // query finds the documents with every term: how many, the ids of
  // the best n, and the title, URL and kind of those the shard of a
  // single term gives. One term is answered from its node; more need
  // all the documents of each.
  function query(ts, n) {
    return load("index.json").then(function (m) {
      return Promise.all(ts.map(function (t) { return node(m, t); })).then(function (nodes) {
        if (nodes.indexOf(null) >= 0) return { m: m, count: 0, ids: [] };
        if (nodes.length === 1) {
          var nd = nodes[0].n, ids = [];
          for (var i = 1; i < nd.length && ids.length < n; i += 2) ids.push(nd[i]);
          return { m: m, count: nd[0], ids: ids, known: nodes[0].d };
        }
        return Promise.all(ts.map(function (t, i) { return everything(m, t, nodes[i].n); })).then(function (per) {
          // Title matches first, then whole words, then the text.
          var scored = [];
          for (var id = 0; id < m.count; id++) {
            var titles = 0, wholes = 0, text = 0, j;
            for (j = 0; j < per.length; j++) {
              var r = per[j][id];
              if (r < 0) break;
              if (r >= 32) titles++;
              wholes += (r >> 4) & 1;
              text += r & 15;
            }
            if (j === per.length) scored.push({ id: id, score: titles * 1048576 + wholes * 4096 + text });
          }
          scored.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
          return { m: m, count: scored.length, ids: scored.slice(0, n).map(function (r) { return r.id; }) };
        });
      });
    });
  }

  // entry is a document's [title, url, kind, excerpt].
  function entry(m, id) {
    return load("f/" + Math.floor(id / m.chunk) + ".json").then(function (entries) {
      return entries[id % m.chunk];
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

  // draw shows entries ([title, url, kind] and maybe the excerpt) of
  // count results.
  function draw(q, ts, count, entries, started) {
    list.innerHTML = entries.map(function (e) {
      return '<li class="search-result search-result--' + escapeHTML(e[2]) + '">' +
        '<a class="search-result__title" href="' + escapeHTML(e[1]) + '">' + mark(e[0], ts) + "</a> " +
        '<span class="search-result__kind">' + escapeHTML(e[2]) + "</span>" +
        '<p class="search-result__text">' + (e.length > 3 ? mark(e[3], ts) : "") + "</p></li>";
    }).join("");
    if (status) {
      var text = count === 0 ? "No results" : count === 1 ? "1 result" : count + " results";
      if (count > shown) text += ", the first " + shown + " shown";
      status.textContent = text;
      if (!pageList && count > shown) {
        var all = document.createElement("a");
        all.className = "search-panel__all";
        all.href = base + "?q=" + encodeURIComponent(q);
        all.textContent = "See all " + count + " results";
        status.appendChild(document.createTextNode(" · "));
        status.appendChild(all);
      }
    }
    show(true);
    window.shineSearchMs = performance.now() - started;
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
      // The results show as soon as their titles are known; the text
      // under each follows from the f/ files.
      var texts = Promise.all(r.ids.map(function (id) { return entry(r.m, id); }));
      var known = r.known && r.ids.every(function (id) { return r.known[id]; });
      if (known) draw(q, ts, r.count, r.ids.map(function (id) { return r.known[id]; }), started);
      return texts.then(function (entries) {
        if (mine !== seq) return;
        if (!known) {
          draw(q, ts, r.count, entries, started);
        } else {
          var ps = list.querySelectorAll(".search-result__text");
          entries.forEach(function (e, i) { if (ps[i]) ps[i].innerHTML = mark(e[3], ts); });
        }
        window.shineSearchDoneMs = performance.now() - started;
      });
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
  // shine serve tells the page when the site changed (its live reload
  // no longer reloads pages whose own HTML is the same): the index
  // files fetched so far may be stale.
  document.addEventListener("shine:change", function () {
    cache = {};
    full = {};
  });
  window.shineSearch = search;
})();
