// Search for shine's default theme: no dependencies. The header's box
// searches as the person types: on the /search/ page the results fill
// the page; on any other page they show in a panel under the box, with
// a link to all of them. Title matches rank first; matches are
// highlighted with <mark>. The index the build writes under /search/
// (see site/search) is read in small parts: a manifest of shard keys;
// for each word typed, the shard that ranks the best documents of every
// word starting with it; the entries of the results shown; and only
// for two words or more, the shards' p/ files, all the documents of
// each word and the titles of those with it in the title, fetched with
// the shards so that the results show after one round of fetches.
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

  // load fetches a file of the index once, as JSON or, given decode,
  // as bytes made into decode's value; a failed fetch is tried again by
  // the next query. The search page starts fetching the manifest before
  // this script runs (window.shineSearchIndex).
  function load(path, decode) {
    var c = cache;
    if (!c[path]) {
      var early = null;
      if (path === "index.json") {
        early = window.shineSearchIndex;
        window.shineSearchIndex = null;
      }
      var p = c[path] = early || fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return decode ? r.arrayBuffer().then(decode) : r.json();
      });
      p.catch(function () { if (c[path] === p) delete c[path]; });
    }
    return c[path];
  }

  // shine serve tells the page when the site changed, with the paths
  // of the files written and removed (null for all): its live reload no
  // longer reloads a page whose own HTML is the same. The index files
  // fetched so far may be stale: forget them, and when the index
  // changed, on the search page or an open panel, show the results
  // again from the new files.
  document.addEventListener("shine:change", function (ev) {
    cache = {};
    full = {};
    var paths = ev.detail;
    var index = !paths || paths.some(function (p) { return p.indexOf(base) === 0; });
    if (index && input.value && (pageList || (panel && !panel.hidden))) search(input.value);
  });

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

  // keys are the keys of the shards with the words starting with t:
  // the one that holds t, then the longer ones that start with t.
  function keysOf(m, t) {
    var k = shardKey(m, t);
    if (k === null) return null;
    return [k].concat(m.keys.filter(function (k) { return k.length > t.length && k.indexOf(t) === 0; }));
  }

  // words is a shard's p/ file (see site/search): the documents of its
  // words that the shard only counts, as bytes by word, and a function
  // giving the [title, url, kind] of a document with one of its words
  // in the title, decoded when asked for.
  function words(k) { return load("p/" + hex(k) + ".bin", decodeWords); }

  function decodeWords(buf) {
    var b = new Uint8Array(buf), j = 0, tails = {}, kinds = [], utf8 = new TextDecoder();
    function num() {
      var v = 0, shift = 0, c;
      do { c = b[j++]; v += (c & 127) * Math.pow(2, shift); shift += 7; } while (c & 128);
      return v;
    }
    function bytes() { var n = num(), s = b.subarray(j, j + n); j += n; return s; }
    function skip() { var n = num(); j += n; } // not j += num(): that adds to j as it was
    var n, i;
    for (n = num(); n > 0; n--) {
      var w = utf8.decode(bytes());
      tails[w] = bytes();
    }
    for (n = num(); n > 0; n--) kinds.push(utf8.decode(bytes()));
    // Where each document's parts are, read through once without
    // decoding: its title, how much of the last URL its own starts
    // with, the rest of it, its kind.
    n = num();
    var ids = new Int32Array(n), title = new Int32Array(n), shared = new Int32Array(n),
      rest = new Int32Array(n), kind = new Int32Array(n), id = 0;
    for (i = 0; i < n; i++) {
      id += num();
      ids[i] = id;
      title[i] = j;
      skip();
      shared[i] = num();
      rest[i] = j;
      skip();
      kind[i] = num();
    }
    function str(at) { j = at; return utf8.decode(bytes()); }
    // url puts together the URL of document i from the rests of those
    // before it.
    function url(i) {
      j = rest[i];
      var own = bytes(), need = shared[i], out = new Uint8Array(need + own.length);
      out.set(own, need);
      for (var k = i - 1; need > 0; k--) {
        if (shared[k] < need) {
          j = rest[k];
          out.set(bytes().subarray(0, need - shared[k]), shared[k]);
          need = shared[k];
        }
      }
      return utf8.decode(out);
    }
    return {
      tails: tails,
      doc: function (id) {
        var lo = 0, hi = n;
        while (lo < hi) {
          var mid = (lo + hi) >> 1;
          if (ids[mid] < id) lo = mid + 1; else hi = mid;
        }
        if (lo === n || ids[lo] !== id) return null;
        return [str(title[lo]), url(lo), kinds[kind[lo]]];
      }
    };
  }

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
  // else from the words of its shards and their p/ files, all fetched
  // at once.
  function everything(m, t, nd) {
    var f = full;
    if (!f[t]) {
      var p = f[t] = everyRank(m, t, nd);
      p.catch(function () { if (f[t] === p) delete f[t]; });
    }
    return f[t];
  }

  function everyRank(m, t, nd) {
    var ranks = new Int16Array(m.count).fill(-1), i;
    if (nd[0] * 2 === nd.length - 1) {
      for (i = 1; i < nd.length; i += 2) ranks[nd[i]] = nd[i + 1];
      return Promise.resolve(ranks);
    }
    var keys = keysOf(m, t);
    return Promise.all([Promise.all(keys.map(shard)), Promise.all(keys.map(words))]).then(function (got) {
      got[0].forEach(function (sh, i) {
        Object.keys(sh.w).forEach(function (w) {
          if (w.indexOf(t) !== 0) return;
          var e = sh.w[w], whole = w === t, k, r;
          if (e.length > 1) {
            for (k = 1; k < e.length; k += 2) {
              r = rank(e[k + 1], whole);
              if (r > ranks[e[k]]) ranks[e[k]] = r;
            }
            return;
          }
          // (id delta × 32 + score) uvarints
          var b = got[1][i].tails[w], j = 0, id = 0;
          while (j < b.length) {
            var v = 0, shift = 0, c;
            do { c = b[j++]; v |= (c & 127) << shift; shift += 7; } while (c & 128);
            id += v >>> 5;
            r = rank(v & 31, whole);
            if (r > ranks[id]) ranks[id] = r;
          }
        });
      });
      return ranks;
    });
  }

  // titles gives the [title, url, kind] of a document that the files
  // loaded for terms ts give, or null: the shards' best documents and
  // the p/ files' documents with a word in the title.
  function titles(m, ts) {
    var keys = [];
    ts.forEach(function (t) { keys = keys.concat(keysOf(m, t)); });
    return Promise.all([Promise.all(keys.map(shard)), Promise.all(keys.map(words))]).then(function (got) {
      return function (id) {
        for (var i = 0; i < keys.length; i++) {
          var e = got[0][i].d[id] || got[1][i].doc(id);
          if (e) return e;
        }
        return null;
      };
    });
  }

  // query finds the documents with every term: how many, the ids of
  // the best n, and a function giving the title, URL and kind of those
  // the files loaded give. One term is answered from its shard; more
  // need all the documents of each, from the p/ files fetched with the
  // shards.
  function query(ts, n) {
    return load("index.json").then(function (m) {
      var none = { m: m, count: 0, ids: [] };
      var keys = ts.map(function (t) { return keysOf(m, t); });
      if (keys.indexOf(null) >= 0) return none;
      if (ts.length > 1) {
        // Start every fetch now: the p/ files do not wait for the shards.
        keys.forEach(function (ks) { ks.forEach(function (k) { shard(k); words(k); }); });
      }
      return Promise.all(ts.map(function (t) { return node(m, t); })).then(function (nodes) {
        if (nodes.indexOf(null) >= 0) return none;
        if (nodes.length === 1) {
          var nd = nodes[0].n, ids = [];
          for (var i = 1; i < nd.length && ids.length < n; i += 2) ids.push(nd[i]);
          return { m: m, count: nd[0], ids: ids, known: function (id) { return nodes[0].d[id] || null; } };
        }
        var per = ts.map(function (t, i) { return everything(m, t, nodes[i].n); });
        return Promise.all(per.concat([titles(m, ts)])).then(function (got) {
          var known = got.pop();
          // Title matches first, then whole words, then the text: the
          // best n kept in order as the documents go by.
          var count = 0, best = [], scores = [];
          for (var id = 0; id < m.count; id++) {
            var titled = 0, wholes = 0, text = 0, j;
            for (j = 0; j < got.length; j++) {
              var r = got[j][id];
              if (r < 0) break;
              if (r >= 32) titled++;
              wholes += (r >> 4) & 1;
              text += r & 15;
            }
            if (j < got.length) continue;
            count++;
            var score = titled * 1048576 + wholes * 4096 + text;
            if (best.length === n && score <= scores[n - 1]) continue;
            var k = best.length === n ? n - 1 : best.length;
            while (k > 0 && scores[k - 1] < score) {
              best[k] = best[k - 1];
              scores[k] = scores[k - 1];
              k--;
            }
            best[k] = id;
            scores[k] = score;
          }
          return { m: m, count: count, ids: best, known: known };
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
    if (/\s$/.test(q)) {
      // Another word is coming: fetch what a query of more words needs.
      load("index.json").then(function (m) {
        ts.forEach(function (t) { (keysOf(m, t) || []).forEach(words); });
      }).catch(function () {});
    }
    return query(ts, shown).then(function (r) {
      if (mine !== seq) return;
      // The results show as soon as their titles are known: from the
      // files the query loaded, before the f/ fetches start (starting
      // them takes the page a while), or else from their f/ files. The
      // text under each follows from the f/ files.
      var known = r.ids.map(function (id) { return r.known(id); });
      var all = known.indexOf(null) < 0;
      if (all) draw(q, ts, r.count, known, started);
      var texts = r.ids.map(function (id) { return entry(r.m, id); });
      var drawn = all || Promise.all(known.map(function (e, i) { return e || texts[i]; })).then(function (entries) {
        if (mine !== seq) return;
        draw(q, ts, r.count, entries, started);
      });
      return Promise.all([drawn, Promise.all(texts)]).then(function (got) {
        if (mine !== seq) return;
        var ps = list.querySelectorAll(".search-result__text");
        got[1].forEach(function (e, i) { if (ps[i]) ps[i].innerHTML = mark(e[3], ts); });
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
  window.shineSearch = search;
})();
