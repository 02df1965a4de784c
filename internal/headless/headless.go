// Package headless drives a headless Chromium (Debian's chromium) over
// the DevTools protocol for the browser tests: start it on a page, run
// JavaScript there, wait for a condition. Tests only.
package headless

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/websocket"
)

// Chromium is the path of the browser to test with, Debian's chromium or
// another on PATH; without one the test is skipped.
func Chromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium on PATH")
	return ""
}

// Page is a DevTools protocol connection to one browser tab.
type Page struct {
	ws *websocket.Conn
	id int
}

// Start starts a headless Chromium showing pageURL and connects
// to its tab; the browser is stopped when the test ends.
func Start(t testing.TB, chromium, pageURL string) *Page {
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
	return &Page{ws: ws}
}

// Call sends one DevTools command and returns its result.
func (p *Page) Call(t testing.TB, method string, params map[string]any) (value any, exception any) {
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

// Eval evaluates a JavaScript expression in the page and returns its
// value as a string.
func (p *Page) Eval(t testing.TB, expr string) string {
	t.Helper()
	v, exc := p.Call(t, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true})
	if exc != nil {
		return fmt.Sprintf("error: %v", exc)
	}
	return fmt.Sprint(v)
}

// EvalAsync evaluates an expression that gives a promise, and returns
// what it resolves to.
func (p *Page) EvalAsync(t testing.TB, expr string) string {
	t.Helper()
	v, exc := p.Call(t, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true})
	if exc != nil {
		return fmt.Sprintf("error: %v", exc)
	}
	return fmt.Sprint(v)
}

// Navigate loads u in the tab and waits for it to finish loading.
func (p *Page) Navigate(t testing.TB, u string) {
	t.Helper()
	if _, err := p.Call(t, "Page.navigate", map[string]any{"url": u}); err != nil {
		t.Fatalf("navigate to %s: %v", u, err)
	}
	p.WaitFor(t, `location.href === `+strconv.Quote(u)+` && document.readyState === "complete"`, "true")
}

// WaitFor evaluates expr until it gives want, for up to 30 s.
func (p *Page) WaitFor(t testing.TB, expr, want string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	got := ""
	for time.Now().Before(deadline) {
		if got = p.Eval(t, expr); got == want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: got %q, want %q", strings.TrimSpace(expr), got, want)
}
