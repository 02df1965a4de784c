//go:build unix

package preview

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shine-blog/shine/internal/headless"
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
	chromium := headless.Chromium(t)
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

	page := headless.Start(t, chromium, hs.URL+"/2024/01/01/hi.html")
	page.WaitFor(t, `document.body && document.body.innerText.includes("The first version") && getComputedStyle(document.querySelector("h1")).color`, "rgb(0, 0, 255)")
	// A mark on the window: a reload would lose it.
	page.Eval(t, `window.shineMark = "kept"; "ok"`)

	writeFile(t, filepath.Join(src, "_posts/2024-01-01-hi.md"), "---\nlayout: default\ntitle: Hi\n---\n<h1>Hi</h1>\n\nThe second version.\n")
	page.WaitFor(t, `document.body.innerText.includes("The second version") && String(window.shineMark)`, "undefined")

	page.Eval(t, `window.shineMark = "kept"; "ok"`)
	writeFile(t, filepath.Join(src, "css/site.css"), "h1 { color: rgb(255, 0, 0); }\n")
	page.WaitFor(t, `getComputedStyle(document.querySelector("h1")).color`, "rgb(255, 0, 0)")
	if got := page.Eval(t, `String(window.shineMark)`); got != "kept" {
		t.Errorf("after a CSS edit the page was reloaded (mark %q); it should only swap the stylesheet", got)
	}
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
