//go:build unix

package preview

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
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

// TestBrowserLiveReload opens a served page in headless Chromium and
// edits the site with no action in the browser: an edit of the post
// shows in place (the window and its state stay); an edit of another
// page leaves this one alone; a new script in the post, or a changed
// image, reloads it; a stylesheet edit swaps the stylesheet only.
func TestBrowserLiveReload(t *testing.T) {
	chromium := headless.Chromium(t)
	if testing.Short() {
		t.Skip("starts a browser")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	for name, body := range map[string]string{
		"_config.yml":                "title: Browser\n",
		"_layouts/default.html":      "<!doctype html><html><head><title>{{ page.title }}</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head><body>{{ content }}</body></html>\n",
		"_posts/2024-01-01-hi.md":    "---\nlayout: default\ntitle: Hi\n---\n<h1>Hi</h1>\n\nThe first version.\n",
		"_posts/2024-01-02-other.md": "---\nlayout: default\ntitle: Other\n---\nAnother post.\n",
		"css/site.css":               "h1 { color: rgb(0, 0, 255); }\n",
		"img/dot.svg":                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
	} {
		writeFile(t, filepath.Join(src, name), body)
	}
	opts := site.Options{Source: src, Destination: filepath.Join(dir, "_site"), Now: testNow}
	b := site.NewBuilder(opts)
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	var rebuilds atomic.Int32
	_, hs := serveAndWatch(t, b, Options{Source: opts.Source, Destination: opts.Destination, Reload: true,
		Rebuilt: func(*site.Change, error) { rebuilds.Add(1) }})

	page := headless.Start(t, chromium, hs.URL+"/2024/01/01/hi.html")
	page.WaitFor(t, `document.body && document.body.innerText.includes("The first version") && getComputedStyle(document.querySelector("h1")).color`, "rgb(0, 0, 255)")
	// A mark on the window and on the heading: a reload would lose them.
	page.Eval(t, `window.shineMark = "kept"; document.querySelector("h1").shineMark = "kept"; "ok"`)
	post := filepath.Join(src, "_posts/2024-01-01-hi.md")

	writeFile(t, post, "---\nlayout: default\ntitle: Hi again\n---\n<h1>Hi</h1>\n\nThe second version.\n")
	page.WaitFor(t, `document.body.innerText.includes("The second version") && document.title`, "Hi again")
	if got := page.Eval(t, `String(window.shineMark) + " " + String(document.querySelector("h1").shineMark) + " " + window.shineRefreshed`); got != "kept kept 1" {
		t.Errorf("after an edit of the post: window mark, heading mark, refreshes = %q; want the page updated in place (kept kept 1)", got)
	}

	// Another page's edit: this page does not change.
	n := rebuilds.Load()
	writeFile(t, filepath.Join(src, "_posts/2024-01-02-other.md"), "---\nlayout: default\ntitle: Other\n---\nAnother post, edited.\n")
	waitRebuilds(t, &rebuilds, n+1)
	if got := page.Eval(t, `String(window.shineMark) + " " + window.shineRefreshed`); got != "kept 1" {
		t.Errorf("after an edit of another post: window mark, refreshes = %q; want the page left alone (kept 1)", got)
	}

	// A script added to the post runs only on a load: the page reloads.
	writeFile(t, post, "---\nlayout: default\ntitle: Hi again\n---\n<h1>Hi</h1>\n\nThe third version.\n\n<script>window.ran = true</script>\n")
	page.WaitFor(t, `document.body.innerText.includes("The third version") && String(window.shineMark) + " " + String(window.ran)`, "undefined true")

	// A changed image (which a page may show) reloads the page too.
	page.Eval(t, `window.shineMark = "kept"; "ok"`)
	writeFile(t, filepath.Join(src, "img/dot.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\"/>\n")
	page.WaitFor(t, `document.readyState === "complete" && String(window.shineMark)`, "undefined")

	page.Eval(t, `window.shineMark = "kept"; "ok"`)
	writeFile(t, filepath.Join(src, "css/site.css"), "h1 { color: rgb(255, 0, 0); }\n")
	page.WaitFor(t, `getComputedStyle(document.querySelector("h1")).color`, "rgb(255, 0, 0)")
	if got := page.Eval(t, `String(window.shineMark)`); got != "kept" {
		t.Errorf("after a CSS edit the page was reloaded (mark %q); it should only swap the stylesheet", got)
	}
}

// waitRebuilds waits until n rebuilds were reported, and a little more
// for their events to reach the page.
func waitRebuilds(t *testing.T, rebuilds *atomic.Int32, n int32) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for rebuilds.Load() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d rebuilds after 20 s; want %d", rebuilds.Load(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
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
