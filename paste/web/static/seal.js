// Encrypted pastes (see package paste/seal for the format): the browser
// encrypts before uploading and decrypts after loading, with WebCrypto;
// the key lives in the link's fragment, which is never sent to a server.
"use strict";
(function () {
  var te = new TextEncoder(), td = new TextDecoder("utf-8", { fatal: true });

  function b64enc(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function b64dec(s) {
    var bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  async function aesKey(key, password, salt, iter) {
    var pw = te.encode(password || "");
    var material = new Uint8Array(key.length + pw.length);
    material.set(key);
    material.set(pw, key.length);
    var base = await crypto.subtle.importKey("raw", material, "PBKDF2", false, ["deriveKey"]);
    return crypto.subtle.deriveKey({ name: "PBKDF2", salt: salt, iterations: iter, hash: "SHA-256" },
      base, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
  }

  // seal encrypts plain ({lang, filename, text}) and returns the envelope
  // (a string) and the key for the fragment.
  async function seal(plain, password) {
    var key = crypto.getRandomValues(new Uint8Array(32));
    var salt = crypto.getRandomValues(new Uint8Array(16));
    var iv = crypto.getRandomValues(new Uint8Array(12));
    var iter = password ? 600000 : 1;
    var k = await aesKey(key, password, salt, iter);
    var body = {};
    if (plain.lang) body.lang = plain.lang;
    if (plain.filename) body.filename = plain.filename;
    body.text = plain.text;
    var ct = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv: iv }, k, te.encode(JSON.stringify(body))));
    var env = { v: 1, kdf: "PBKDF2-SHA256", iter: iter, pw: !!password, salt: b64enc(salt), iv: b64enc(iv), ct: b64enc(ct) };
    return { envelope: JSON.stringify(env), key: b64enc(key) };
  }

  var openError = "cannot decrypt: wrong key or password, or the paste was changed";

  // open decrypts an envelope; it throws an Error with a message for people.
  async function open(envelope, key, password) {
    var env;
    try { env = JSON.parse(envelope); } catch (e) { throw new Error("not an encrypted paste"); }
    if (env.v !== 1 || env.kdf !== "PBKDF2-SHA256" || !(env.iter >= 1 && env.iter <= 10000000)) throw new Error("not an encrypted paste of a known version");
    if (env.pw && !password) throw new Error("this paste needs its password");
    var raw;
    try { raw = b64dec(key); } catch (e) { raw = new Uint8Array(0); }
    if (raw.length !== 32) throw new Error("the key in the link is not 32 bytes of base64url: was the link cut short?");
    var plain;
    try {
      var k = await aesKey(raw, password, b64dec(env.salt), env.iter);
      plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: b64dec(env.iv) }, k, b64dec(env.ct));
    } catch (e) {
      throw new Error(openError);
    }
    var p = JSON.parse(td.decode(plain));
    if (typeof p.text !== "string") throw new Error("decrypted, but not a paste");
    return p;
  }

  // A small highlighter for text the server cannot see: comments,
  // strings, numbers and keywords, with chroma's class names so the
  // page's colours apply. It builds text nodes only: the paste never
  // becomes markup.
  var keywords = {
    go: "break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var nil true false",
    python: "and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield None True False",
    javascript: "async await break case catch class const continue debugger default delete do else export extends finally for function if import in instanceof let new of return super switch this throw try typeof var void while with yield null undefined true false",
    rust: "as async await break const continue crate dyn else enum extern fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait type unsafe use where while true false",
    c: "auto break case char const continue default do double else enum extern float for goto if int long register return short signed sizeof static struct switch typedef union unsigned void volatile while class public private protected new delete this template typename namespace using try catch throw bool true false null",
    sh: "if then else elif fi case esac for while until do done in function return local export set unset echo exit",
    ruby: "alias and begin break case class def defined do else elsif end ensure false for if in module next nil not or redo rescue retry return self super then true undef unless until when while yield"
  };
  var aliases = { golang: "go", py: "python", python3: "python", js: "javascript", ts: "javascript", typescript: "javascript", json: "javascript", rs: "rust", cpp: "c", "c++": "c", java: "c", cs: "c", csharp: "c", kotlin: "c", swift: "c", bash: "sh", shell: "sh", zsh: "sh", rb: "ruby" };
  var extLang = { go: "go", py: "python", js: "javascript", mjs: "javascript", ts: "javascript", json: "javascript", rs: "rust", c: "c", h: "c", cc: "c", cpp: "c", java: "c", cs: "c", kt: "c", swift: "c", sh: "sh", bash: "sh", rb: "ruby" };
  var hashComments = { python: true, sh: true, ruby: true };

  function langOf(p) {
    var l = (p.lang || "").toLowerCase();
    l = aliases[l] || l;
    if (!keywords[l] && p.filename) {
      var m = /\.([A-Za-z0-9+]+)$/.exec(p.filename);
      if (m) l = extLang[m[1].toLowerCase()] || l;
    }
    return keywords[l] ? l : "";
  }

  function tokens(text, lang) {
    var comment = lang === "" ? "(?!)" : hashComments[lang] ? "#[^\\n]*" : "//[^\\n]*|/\\*[\\s\\S]*?\\*/";
    var re = new RegExp("(" + comment + ")|(\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*'|`[^`]*`)|(\\b\\d+(?:\\.\\d+)?\\b)|([A-Za-z_]\\w*)", "g");
    var kw = {};
    if (lang) keywords[lang].split(" ").forEach(function (w) { kw[w] = true; });
    var out = [], last = 0, m;
    if (!lang) return [["", text]];
    while ((m = re.exec(text)) !== null) {
      if (m.index > last) out.push(["", text.slice(last, m.index)]);
      var cls = m[1] ? "c" : m[2] ? "s" : m[3] ? "m" : kw[m[4]] ? "k" : "";
      out.push([cls, m[0]]);
      last = re.lastIndex;
    }
    if (last < text.length) out.push(["", text.slice(last)]);
    return out;
  }

  function show(p) {
    var code = document.getElementById("code");
    var lang = langOf(p);
    var lines = p.text.split("\n");
    if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
    var wrap = document.createElement("div"); wrap.className = "chroma";
    var table = document.createElement("table"); table.className = "lntable";
    var tr = table.insertRow();
    var nums = document.createElement("pre"); nums.className = "chroma";
    var body = document.createElement("pre"); body.className = "chroma";
    var codeEl = document.createElement("code");
    body.appendChild(codeEl);
    // Line numbers are not links: the fragment holds the key.
    nums.textContent = lines.map(function (_, i) { return (i + 1) + "\n"; }).join("");
    tokens(p.text, lang).forEach(function (t) {
      if (!t[0]) { codeEl.appendChild(document.createTextNode(t[1])); return; }
      var s = document.createElement("span"); s.className = t[0]; s.textContent = t[1];
      codeEl.appendChild(s);
    });
    var td1 = tr.insertCell(); td1.className = "lntd"; td1.appendChild(nums);
    var td2 = tr.insertCell(); td2.className = "lntd"; td2.appendChild(body);
    wrap.appendChild(table);
    code.textContent = "";
    code.appendChild(wrap);
    code.hidden = false;
    var label = (p.filename ? p.filename + " · " : "") + (lang || "plain text") + " · " + lines.length + (lines.length === 1 ? " line · " : " lines · ");
    document.getElementById("seal-lang").textContent = label;
  }

  function status(msg, state) {
    var el = document.getElementById("seal-status") || document.getElementById("encrypt-status");
    el.hidden = false;
    el.textContent = msg;
    document.body.dataset.sealed = state;
  }

  function sealedPage() {
    var envEl = document.getElementById("envelope");
    if (!envEl) return;
    var envelope = envEl.textContent, key = location.hash.slice(1);
    var form = document.getElementById("seal-password");
    if (!key) { status("This paste is encrypted and the link has no key (the part after #): ask for the whole link.", "error"); return; }
    if (!window.crypto || !crypto.subtle) { status("This browser cannot decrypt here: WebCrypto needs https (or localhost).", "error"); return; }
    function attempt(password) {
      status("Decrypting…", "busy");
      open(envelope, key, password).then(function (p) {
        show(p);
        form.hidden = true;
        status("Decrypted in your browser.", "ok");
      }, function (e) { status(e.message, "error"); });
    }
    var needsPassword = false;
    try { needsPassword = !!JSON.parse(envelope).pw; } catch (e) { }
    if (needsPassword) {
      form.hidden = false;
      status("This paste has a password.", "password");
      form.addEventListener("submit", function (ev) { ev.preventDefault(); attempt(form.elements.password.value); });
    } else {
      attempt("");
    }
  }

  function homePage() {
    var box = document.getElementById("encrypt");
    if (!box) return;
    var form = box.form, pwField = document.getElementById("password-field");
    box.addEventListener("change", function () { pwField.hidden = !box.checked; });
    form.addEventListener("submit", function (ev) {
      if (!box.checked) return;
      ev.preventDefault();
      if (!window.crypto || !crypto.subtle) { status("This browser cannot encrypt here: WebCrypto needs https (or localhost).", "error"); return; }
      var file = form.elements.file.files[0];
      var read = file ? file.text() : Promise.resolve(form.elements.content.value);
      status("Encrypting…", "busy");
      read.then(function (text) {
        if (!text) throw new Error("nothing to paste");
        return seal({ lang: form.elements.lang.value.trim(), filename: file ? file.name : "", text: text }, document.getElementById("password").value);
      }).then(function (s) {
        var fd = new FormData();
        fd.append("content", s.envelope);
        fd.append("expires", form.elements.expires.value);
        if (form.elements.burn.checked) fd.append("burn", "1");
        fd.append("encrypted", "1");
        return fetch("/", { method: "POST", body: fd, headers: { Accept: "application/json" } }).then(function (resp) {
          if (!resp.ok) return resp.text().then(function (t) { throw new Error(t.trim()); });
          return resp.json();
        }).then(function (a) {
          var el = document.getElementById("encrypt-status");
          el.textContent = "";
          var link = document.createElement("a"); link.id = "sealed-link"; link.href = a.url + "#" + s.key; link.textContent = link.href;
          var del = document.createElement("a"); del.href = a.delete_url; del.textContent = a.delete_url;
          el.append("Your encrypted paste (the key is in the link; keep it whole): ", link, document.createElement("br"),
            "Keep this link to delete it: ", del);
          document.body.dataset.sealed = "ok";
        });
      }).catch(function (e) { status(e.message, "error"); });
    });
  }

  function revealPage() {
    var form = document.getElementById("reveal");
    if (form && location.hash) form.action += location.hash; // keep the key
  }

  window.shineSeal = { seal: seal, open: open };
  document.addEventListener("DOMContentLoaded", function () { sealedPage(); homePage(); revealPage(); });
})();
