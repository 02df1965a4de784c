//go:build unix

package preview

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/websocket"

	"github.com/shine-blog/shine/site"
)

var testNow = time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)

func writeFile(t testing.TB, p, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserLiveReload opens a served page in headless Chromium, edits
// the post, and waits for the page to show the new text with no action in
// the browser; then edits the stylesheet and checks that a computed style
// changes while the page stays the same document (no reload).
func TestBrowserLiveReload(t *testing.T) {
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
	if testing.Short() {
		t.Skip("starts a browser")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	for name, body := range map[string]string{
		"_config.yml":             "title: Browser\n",
		"_layouts/default.html":   "<!doctype html><html><head><link rel=\"stylesheet\" href=\"/css/site.css\"></head><body>{{ content }}</body></html>\n",
		"_posts/2024-01-01-hi.md": "---\nlayout: default\ntitle: Hi\n---\n<h1>Hi</h1>\n\nThe first version.\n",
		"css/site.css":            "h1 { color: rgb(0, 0, 255); }\n",
	} {
		writeFile(t, filepath.Join(src, name), body)
	}
	opts := site.Options{Source: src, Destination: filepath.Join(dir, "_site"), Now: testNow}
	b := site.NewBuilder(opts)
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, hs := serveAndWatch(t, b, Options{Source: opts.Source, Destination: opts.Destination, Reload: true})

	page := startChromium(t, chromium, hs.URL+"/2024/01/01/hi.html")
	page.waitFor(t, `document.body && document.body.innerText.includes("The first version") && getComputedStyle(document.querySelector("h1")).color`, "rgb(0, 0, 255)")
	// A mark on the window: a reload would lose it.
	page.eval(t, `window.shineMark = "kept"; "ok"`)

	writeFile(t, filepath.Join(src, "_posts/2024-01-01-hi.md"), "---\nlayout: default\ntitle: Hi\n---\n<h1>Hi</h1>\n\nThe second version.\n")
	page.waitFor(t, `document.body.innerText.includes("The second version") && String(window.shineMark)`, "undefined")

	page.eval(t, `window.shineMark = "kept"; "ok"`)
	writeFile(t, filepath.Join(src, "css/site.css"), "h1 { color: rgb(255, 0, 0); }\n")
	page.waitFor(t, `getComputedStyle(document.querySelector("h1")).color`, "rgb(255, 0, 0)")
	if got := page.eval(t, `String(window.shineMark)`); got != "kept" {
		t.Errorf("after a CSS edit the page was reloaded (mark %q); it should only swap the stylesheet", got)
	}
}

// cdpPage is a DevTools protocol connection to one browser tab.
type cdpPage struct {
	ws *websocket.Conn
	id int
}

// startChromium starts a headless Chromium showing pageURL and connects
// to its tab; the browser is stopped when the test ends.
func startChromium(t *testing.T, chromium, pageURL string) *cdpPage {
	t.Helper()
	// The profile lives outside t.TempDir: the browser's helpers may
	// still write to it for a moment after they are killed.
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

// eval evaluates a JavaScript expression in the page and returns its
// value as a string.
func (p *cdpPage) eval(t *testing.T, expr string) string {
	t.Helper()
	p.id++
	msg := map[string]any{"id": p.id, "method": "Runtime.evaluate",
		"params": map[string]any{"expression": expr, "returnByValue": true}}
	if err := websocket.JSON.Send(p.ws, msg); err != nil {
		t.Fatal(err)
	}
	p.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
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
		if reply.Error != nil || reply.Result.ExceptionDetails != nil {
			return fmt.Sprintf("error: %v %v", reply.Error, reply.Result.ExceptionDetails)
		}
		return fmt.Sprint(reply.Result.Result.Value)
	}
}

// waitFor evaluates expr until it gives want, for up to 15 s.
func (p *cdpPage) waitFor(t *testing.T, expr, want string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	got := ""
	for time.Now().Before(deadline) {
		if got = p.eval(t, expr); got == want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: got %q, want %q", strings.TrimSpace(expr), got, want)
}

// serveAndWatch serves b's site with live reload on a test server and
// returns once the watcher is running; both stop when the test ends.
func serveAndWatch(t *testing.T, b Rebuilder, opts Options) (*Server, *httptest.Server) {
	t.Helper()
	srv := NewServer(b, nil, opts)
	hs := httptest.NewServer(srv.Handler())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	ready := make(chan struct{})
	go func() {
		defer close(done)
		srv.Watch(ctx, func() { close(ready) })
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		hs.Close()
		srv.Close()
	})
	select {
	case <-ready:
	case <-done:
		t.Fatal("the watcher stopped before it was ready")
	}
	return srv, hs
}
