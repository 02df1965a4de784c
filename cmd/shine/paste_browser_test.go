package main

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shine-blog/shine/internal/headless"
	"github.com/shine-blog/shine/paste"
	"github.com/shine-blog/shine/paste/bolt"
)

// sealedText is what the browser tests encrypt: several lines, markup
// characters that must stay text, and non-ASCII.
const sealedText = "package main\n\n// <b>not bold</b> & \"quoted\" ünïcödé ✓\nfunc main() { println(42) }\n"

// TestEncryptedBrowserRoundTrip encrypts in Go and decrypts in headless
// Chromium, then the other way round, with and without a password; a
// wrong password and a changed byte fail with a message.
func TestEncryptedBrowserRoundTrip(t *testing.T) {
	chromium := headless.Chromium(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	store, err := bolt.Open(filepath.Join(t.TempDir(), "paste.db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	cfg := paste.DefaultConfig()
	cfg.RateLimit = 0
	srv, err := paste.NewServer(store, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	file := filepath.Join(t.TempDir(), "main.go")
	if err := os.WriteFile(file, []byte(sealedText), 0o644); err != nil {
		t.Fatal(err)
	}
	page := headless.Start(t, chromium, ts.URL+"/")
	page.WaitFor(t, `document.readyState`, "complete")
	codeText := `(document.querySelector("#code td:last-child pre") || {}).textContent`

	for _, password := range []string{"", "correct horse"} {
		t.Run(fmt.Sprintf("GoToBrowser/password=%t", password != ""), func(t *testing.T) {
			t.Setenv("SHINE_PASTE_PASSWORD", password)
			var out, errb bytes.Buffer
			if err := runPasteUpload(t.Context(), []string{"--server", ts.URL, "--encrypt", file}, &out, &errb); err != nil {
				t.Fatalf("upload: %v %s", err, errb.String())
			}
			link := strings.TrimSpace(out.String())
			page.Navigate(t, link)
			if password != "" {
				page.WaitFor(t, `document.body.dataset.sealed`, "password")
				page.Eval(t, `var f = document.getElementById("seal-password"); f.elements.password.value = "wrong"; f.requestSubmit(); 1`)
				page.WaitFor(t, `document.body.dataset.sealed`, "error")
				if got := page.Eval(t, `document.getElementById("seal-status").textContent`); got != "cannot decrypt: wrong key or password, or the paste was changed" {
					t.Errorf("wrong password: status %q", got)
				}
				page.Eval(t, `f.elements.password.value = `+strconv.Quote(password)+`; f.requestSubmit(); 1`)
			}
			page.WaitFor(t, `document.body.dataset.sealed`, "ok")
			if got := page.Eval(t, codeText); got != sealedText {
				t.Errorf("decrypted in the browser:\n%q\nwant\n%q", got, sealedText)
			}
			if got := page.Eval(t, `document.querySelector("#code .k") && document.querySelector("#code .k").textContent`); got != "package" {
				t.Errorf("first keyword highlighted: %q", got)
			}
			if got := page.Eval(t, `document.querySelectorAll("#code b").length`); got != "0" {
				t.Errorf("the paste became markup: %s <b> elements", got)
			}
			// One changed byte of the ciphertext: decryption fails with
			// the same message, and nothing is shown.
			got := page.EvalAsync(t, `(async () => {
				const env = JSON.parse(document.getElementById("envelope").textContent);
				env.ct = (env.ct[0] === "A" ? "B" : "A") + env.ct.slice(1);
				try { await shineSeal.open(JSON.stringify(env), location.hash.slice(1), `+strconv.Quote(password)+`); return "opened"; }
				catch (e) { return e.message; }
			})()`)
			if got != "cannot decrypt: wrong key or password, or the paste was changed" {
				t.Errorf("changed byte: %q", got)
			}
		})
	}

	for _, password := range []string{"", "correct horse"} {
		t.Run(fmt.Sprintf("BrowserToGo/password=%t", password != ""), func(t *testing.T) {
			page.Navigate(t, ts.URL+"/")
			page.WaitFor(t, `document.readyState === "complete" && !!document.getElementById("encrypt")`, "true")
			page.Eval(t, `var f = document.querySelector("form.upload");
				f.elements.content.value = `+strconv.Quote(sealedText)+`;
				f.elements.lang.value = "go";
				document.getElementById("encrypt").checked = true;
				document.getElementById("password").value = `+strconv.Quote(password)+`;
				f.requestSubmit(); 1`)
			page.WaitFor(t, `document.body.dataset.sealed`, "ok")
			link := page.Eval(t, `document.getElementById("sealed-link").href`)
			u, err := url.Parse(link)
			if err != nil || len(u.Fragment) != 43 {
				t.Fatalf("link %q has no key", link)
			}
			// The server got only ciphertext.
			id, _ := pasteIDOf(link)
			p, err := store.Get(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(p.Content, []byte("main")) || p.Lang != "" || p.Filename != "" {
				t.Errorf("the server can read the paste: %q lang %q", p.Content, p.Lang)
			}
			t.Setenv("SHINE_PASTE_PASSWORD", password)
			var out, errb bytes.Buffer
			if err := runPasteGet(t.Context(), []string{link}, &out, &errb); err != nil {
				t.Fatalf("shine paste get: %v %s", err, errb.String())
			}
			if out.String() != sealedText {
				t.Errorf("decrypted in Go:\n%q\nwant\n%q", out.String(), sealedText)
			}
			if password != "" {
				t.Setenv("SHINE_PASTE_PASSWORD", "wrong")
				if err := runPasteGet(t.Context(), []string{link}, &out, &errb); err == nil || !strings.Contains(err.Error(), "cannot decrypt") {
					t.Errorf("wrong password in Go: %v", err)
				}
			}
		})
	}
}
