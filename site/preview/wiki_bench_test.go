//go:build unix

package preview

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/shine-blog/shine/site"
	"github.com/shine-blog/shine/themes"
)

// benchSite copies the site in the environment variable env (made by
// scripts/bench-wiki -k DIR: DIR/with), builds it and serves it with
// live reload in headless Chromium.
func benchSite(t *testing.T, env string, rebuilt func(*site.Change, error)) (src string, srv *Server, hs string, chromium string) {
	t.Helper()
	from := os.Getenv(env)
	if from == "" {
		t.Skipf("set %s to a site folder (scripts/bench-wiki -k DIR makes DIR/with)", env)
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("no chromium on PATH")
	}
	dir := t.TempDir()
	src = filepath.Join(dir, "site")
	if out, err := exec.Command("cp", "-r", from, src).CombinedOutput(); err != nil {
		t.Fatalf("copy: %v\n%s", err, out)
	}
	opts := site.Options{Source: src, Destination: filepath.Join(dir, "_site"), Theme: themes.Default()}
	b := site.NewBuilder(opts)
	start := time.Now()
	res, err := b.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("full build: %d pages in %s", res.Pages, time.Since(start).Round(time.Millisecond))
	srv, server := serveAndWatch(t, b, Options{Source: opts.Source, Destination: opts.Destination, Reload: true, Rebuilt: rebuilt, Log: testLog{t}})
	return src, srv, server.URL, chromium
}

// waitListening waits until exactly one page listens for live reload
// events: a page just reloaded has connected again, so the next reload
// event reaches it.
func waitListening(t *testing.T, srv *Server) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		srv.hub.mu.Lock()
		n := len(srv.hub.clients)
		srv.hub.mu.Unlock()
		if n == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d pages listen for live reload, want 1", n)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestSearchBench measures search in the browser on a large site: for
// each word, a fresh /search/ page, the word typed, the time until the
// results are shown (window.shineSearchMs, from the input event, index
// fetches included) and the index bytes the page loaded. Then the same
// words again on the warm page. It reports figures and asserts nothing
// about time.
//
//	SHINE_SEARCH_BENCH=/tmp/wikibench/with go test ./site/preview -run TestSearchBench -v
func TestSearchBench(t *testing.T) {
	_, _, url, chromium := benchSite(t, "SHINE_SEARCH_BENCH", nil)
	words := []string{"storage", "latency", "rollback", "quorum", "canary", "title", "zone", "page"}
	page := startChromium(t, chromium, url+"/search/")
	page.waitFor(t, `typeof window.shineSearch`, "function")
	var cold, warm []float64
	for _, w := range words {
		page.eval(t, `location.href = "/search/?q=`+w+`"; "ok"`)
		page.waitFor(t, `location.search === "?q=`+w+`" && typeof window.shineSearchMs`, "number")
		ms := page.eval(t, `window.shineSearchMs`)
		kb := page.eval(t, `(performance.getEntriesByType("resource").filter(function(e){return e.name.indexOf("/search/")>=0 && e.name.indexOf(".json")>0}).reduce(function(s,e){return s+e.encodedBodySize},0)/1024).toFixed(1)`)
		status := page.eval(t, `document.getElementById("search-status").textContent`)
		var v float64
		fmt.Sscan(ms, &v)
		cold = append(cold, v)
		t.Logf("%-9s cold: %6.1f ms, %6s KB of index loaded (%s)", w, v, kb, status)
	}
	for _, w := range words {
		ms := page.eval(t, `window.shineSearchMs = null; window.shineSearch(`+jsString(w)+`).then(function(){return window.shineSearchMs})`)
		page.waitFor(t, `typeof window.shineSearchMs`, "number")
		ms = page.eval(t, `window.shineSearchMs`)
		var v float64
		fmt.Sscan(ms, &v)
		warm = append(warm, v)
	}
	slices.Sort(cold)
	slices.Sort(warm)
	t.Logf("search in the browser: cold median %.1f ms (max %.1f), warm median %.1f ms (max %.1f)",
		cold[len(cold)/2], cold[len(cold)-1], warm[len(warm)/2], warm[len(warm)-1])
}

// TestWikiServeLatency measures, in shine serve on a large site with a
// wiki, the time from saving a wiki page with a new link to the page it
// links to showing the new backlink in the browser (the reload event,
// the page reloaded, the link in its DOM), and the part of it the
// rebuild took. It reports figures and asserts nothing about time.
//
//	SHINE_WIKI_SERVE_BENCH=/tmp/wikibench/with go test ./site/preview -run TestWikiServeLatency -v
func TestWikiServeLatency(t *testing.T) {
	var mu sync.Mutex
	var rebuilds []*site.Change
	src, srv, url, chromium := benchSite(t, "SHINE_WIKI_SERVE_BENCH", func(ch *site.Change, err error) {
		if ch != nil && !nothingDone(ch) {
			mu.Lock()
			rebuilds = append(rebuilds, ch)
			mu.Unlock()
		}
	})
	const target = "/wiki/Teams/Group-0/Page-0/"
	page := startChromium(t, chromium, url+target)
	page.waitFor(t, `document.readyState`, "complete")
	var times []time.Duration
	cpu0 := cpuTime(t)
	for i := 0; i < 20; i++ {
		n := 6 + i*6 // pages under Teams/Group-* (scripts/wikicorpus); any page would do
		rel := filepath.Join(src, "_wiki", "Teams", fmt.Sprintf("Group-%d", (n/6)%40), fmt.Sprintf("Page-%d.md", n))
		b, err := os.ReadFile(rel)
		if err != nil {
			t.Fatal(err)
		}
		href := fmt.Sprintf("/wiki/Teams/Group-%d/Page-%d/", (n/6)%40, n)
		time.Sleep(100 * time.Millisecond)
		waitListening(t, srv)
		t0 := time.Now()
		if err := os.WriteFile(rel, append(b, "\nNow links to [[Teams/Group-0/Page-0]].\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		deadline := t0.Add(20 * time.Second)
		for {
			got := page.eval(t, `document.readyState === "complete" && document.querySelector('.backlinks a[href="`+href+`"]') !== null`)
			if got == "true" {
				break
			}
			if time.Now().After(deadline) {
				t.Logf("page: %s", page.eval(t, `location.href + " " + document.readyState + " " + performance.getEntriesByType("navigation").length + " " + (document.querySelector(".backlinks") ? document.querySelector(".backlinks").outerHTML : document.documentElement.outerHTML.slice(0, 3000))`))
				t.Fatalf("edit %d: no backlink from %s after 20 s", i, href)
			}
			time.Sleep(2 * time.Millisecond)
		}
		times = append(times, time.Since(t0))
	}
	summary := func(times []time.Duration) string {
		slices.Sort(times)
		var s []string
		for _, d := range times {
			s = append(s, d.Round(time.Millisecond).String())
		}
		return fmt.Sprintf("%d edits: p50 %s, p95 %s (all: %s)", len(times), times[len(times)/2].Round(100*time.Microsecond),
			times[(len(times)*95+99)/100-1].Round(100*time.Microsecond), strings.Join(s, " "))
	}
	cpu := cpuTime(t) - cpu0
	t.Logf("link added -> backlink shown: %s", summary(times))
	t.Logf("CPU time of this process (watch, rebuild, serve; not Chromium): %s per edit", (cpu / time.Duration(len(times))).Round(100*time.Microsecond))
	mu.Lock()
	defer mu.Unlock()
	var durs []time.Duration
	var pages []int
	for _, ch := range rebuilds {
		if ch.Full {
			t.Errorf("a rebuild was a full build")
		}
		durs = append(durs, ch.Duration)
		pages = append(pages, ch.Rendered)
	}
	slices.Sort(pages)
	t.Logf("the rebuilds alone: %s; pages rendered: median %d, max %d", summary(durs), pages[len(pages)/2], pages[len(pages)-1])
}

// cpuTime is the user and system time this process has used.
func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// testLog writes the preview's reports to the test's log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}
