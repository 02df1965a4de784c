package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/websocket"

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
	chromium := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			chromium = p
			break
		}
	}
	if chromium == "" {
		t.Skip("no chromium on PATH")
	}
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
	page := startChromium(t, chromium, ts.URL+"/")
	page.waitFor(t, `document.readyState`, "complete")
	codeText := `(document.querySelector("#code td:last-child pre") || {}).textContent`

	for _, password := range []string{"", "correct horse"} {
		t.Run(fmt.Sprintf("GoToBrowser/password=%t", password != ""), func(t *testing.T) {
			t.Setenv("SHINE_PASTE_PASSWORD", password)
			var out, errb bytes.Buffer
			if err := runPasteUpload(t.Context(), []string{"--server", ts.URL, "--encrypt", file}, &out, &errb); err != nil {
				t.Fatalf("upload: %v %s", err, errb.String())
			}
			link := strings.TrimSpace(out.String())
			page.navigate(t, link)
			if password != "" {
				page.waitFor(t, `document.body.dataset.sealed`, "password")
				page.eval(t, `var f = document.getElementById("seal-password"); f.elements.password.value = "wrong"; f.requestSubmit(); 1`)
				page.waitFor(t, `document.body.dataset.sealed`, "error")
				if got := page.eval(t, `document.getElementById("seal-status").textContent`); got != "cannot decrypt: wrong key or password, or the paste was changed" {
					t.Errorf("wrong password: status %q", got)
				}
				page.eval(t, `f.elements.password.value = `+strconv.Quote(password)+`; f.requestSubmit(); 1`)
			}
			page.waitFor(t, `document.body.dataset.sealed`, "ok")
			if got := page.eval(t, codeText); got != sealedText {
				t.Errorf("decrypted in the browser:\n%q\nwant\n%q", got, sealedText)
			}
			if got := page.eval(t, `document.querySelector("#code .k") && document.querySelector("#code .k").textContent`); got != "package" {
				t.Errorf("first keyword highlighted: %q", got)
			}
			if got := page.eval(t, `document.querySelectorAll("#code b").length`); got != "0" {
				t.Errorf("the paste became markup: %s <b> elements", got)
			}
			// One changed byte of the ciphertext: decryption fails with
			// the same message, and nothing is shown.
			got := page.evalAsync(t, `(async () => {
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
			page.navigate(t, ts.URL+"/")
			page.waitFor(t, `document.readyState === "complete" && !!document.getElementById("encrypt")`, "true")
			page.eval(t, `var f = document.querySelector("form.upload");
				f.elements.content.value = `+strconv.Quote(sealedText)+`;
				f.elements.lang.value = "go";
				document.getElementById("encrypt").checked = true;
				document.getElementById("password").value = `+strconv.Quote(password)+`;
				f.requestSubmit(); 1`)
			page.waitFor(t, `document.body.dataset.sealed`, "ok")
			link := page.eval(t, `document.getElementById("sealed-link").href`)
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

// cdpPage is a DevTools protocol connection to one browser tab (as in
// site/preview's browser test).
type cdpPage struct {
	ws *websocket.Conn
	id int
}

// startChromium starts a headless Chromium showing pageURL and connects
// to its tab; the browser is stopped when the test ends.
func startChromium(t *testing.T, chromium, pageURL string) *cdpPage {
	t.Helper()
	profile, err := os.MkdirTemp("", "shine-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--no-first-run", "--disable-dev-shm-usage", "--remote-allow-origins=*",
		"--user-data-dir="+profile, "--remote-debugging-port=0", "about:blank")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the browser and its helpers
		cmd.Wait()
		for i := 0; i < 10 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	})
	found := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`DevTools listening on (ws://\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	var browserWS string
	select {
	case browserWS = <-found:
	case <-time.After(30 * time.Second):
		t.Fatal("chromium did not print its DevTools address in 30s")
	}
	u, _ := url.Parse(browserWS)
	req, _ := http.NewRequest(http.MethodPut, "http://"+u.Host+"/json/new?"+url.QueryEscape(pageURL), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var target struct {
		WebSocketDebuggerURL string `json:"webSocketDebuggerUrl"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&target); err != nil || target.WebSocketDebuggerURL == "" {
		t.Fatalf("open a tab: %v (%s)", err, resp.Status)
	}
	ws, err := websocket.Dial(target.WebSocketDebuggerURL, "", "http://127.0.0.1/")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return &cdpPage{ws: ws}
}

// call sends one DevTools command and returns its result.
func (p *cdpPage) call(t *testing.T, method string, params map[string]any) (value any, exception any) {
	t.Helper()
	p.id++
	if err := websocket.JSON.Send(p.ws, map[string]any{"id": p.id, "method": method, "params": params}); err != nil {
		t.Fatal(err)
	}
	p.ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	for {
		var reply struct {
			ID     int `json:"id"`
			Result struct {
				Result struct {
					Value any `json:"value"`
				} `json:"result"`
				ExceptionDetails any `json:"exceptionDetails"`
			} `json:"result"`
			Error any `json:"error"`
		}
		if err := websocket.JSON.Receive(p.ws, &reply); err != nil {
			t.Fatal(err)
		}
		if reply.ID != p.id {
			continue // an event
		}
		if reply.Error != nil {
			return nil, reply.Error
		}
		return reply.Result.Result.Value, reply.Result.ExceptionDetails
	}
}

// eval evaluates a JavaScript expression in the page and returns its
// value as a string.
func (p *cdpPage) eval(t *testing.T, expr string) string {
	t.Helper()
	v, exc := p.call(t, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true})
	if exc != nil {
		return fmt.Sprintf("error: %v", exc)
	}
	return fmt.Sprint(v)
}

// evalAsync evaluates an expression that gives a promise, and returns
// what it resolves to.
func (p *cdpPage) evalAsync(t *testing.T, expr string) string {
	t.Helper()
	v, exc := p.call(t, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true})
	if exc != nil {
		return fmt.Sprintf("error: %v", exc)
	}
	return fmt.Sprint(v)
}

// navigate loads u in the tab and waits for it to finish loading.
func (p *cdpPage) navigate(t *testing.T, u string) {
	t.Helper()
	if _, err := p.call(t, "Page.navigate", map[string]any{"url": u}); err != nil {
		t.Fatalf("navigate to %s: %v", u, err)
	}
	p.waitFor(t, `location.href === `+strconv.Quote(u)+` && document.readyState === "complete"`, "true")
}

// waitFor evaluates expr until it gives want, for up to 30 s.
func (p *cdpPage) waitFor(t *testing.T, expr, want string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	got := ""
	for time.Now().Before(deadline) {
		if got = p.eval(t, expr); got == want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: got %q, want %q", strings.TrimSpace(expr), got, want)
}
