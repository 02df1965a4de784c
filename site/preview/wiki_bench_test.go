//go:build unix

package preview

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/shine-blog/shine/internal/headless"
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
// each query, a fresh /search/ page with the query in its address, the
// time until the results are shown (window.shineSearchMs, from the
// search's start, index fetches included) and the index bytes and
// files the page loaded. Then the same queries again on the warm page,
// and the first eight and those of more words typed a letter at a time
// into a fresh page's box.
// It reports figures and asserts nothing about time.
//
// SHINE_SEARCH_BENCH names a source folder (scripts/bench-wiki -k DIR
// makes DIR/with), built and served by shine serve; or built sites,
// separated by commas, each served as files, whose queries run in turn,
// so that index formats compare under the same load. The cold queries
// run three times, for medians of more than a few.
//
//	SHINE_SEARCH_BENCH=/tmp/wikibench/with go test ./site/preview -run TestSearchBench -v
func TestSearchBench(t *testing.T) {
	env := os.Getenv("SHINE_SEARCH_BENCH")
	var bases, names []string
	var chromium string
	const rounds = 3
	if _, err := os.Stat(filepath.Join(strings.Split(env, ",")[0], "search", "index.json")); env != "" && err == nil {
		var err error
		if chromium, err = exec.LookPath("chromium"); err != nil {
			t.Skip("no chromium on PATH")
		}
		for _, dir := range strings.Split(env, ",") {
			hs := httptest.NewServer(http.FileServer(http.Dir(dir)))
			t.Cleanup(hs.Close)
			bases, names = append(bases, hs.URL), append(names, dir)
		}
	} else {
		_, _, base, c := benchSite(t, "SHINE_SEARCH_BENCH", nil)
		bases, names, chromium = []string{base}, []string{env}, c
	}
	queries := []string{"storage", "latency", "rollback", "quorum", "canary", "title", "zone", "page", "st", "stora",
		"storage latency", "quorum zo", "page title"}
	page := headless.Start(t, chromium, bases[0]+"/search/")
	page.WaitFor(t, `typeof window.shineSearch`, "function")
	// visit opens u as a new page and waits until ready holds there: the
	// mark left on the page before keeps its own state, at the same
	// address, from passing for the new one's.
	visit := func(u, ready string) {
		t.Helper()
		page.Eval(t, `window.benchLeft = true; location.href = `+jsString(u)+`; "ok"`)
		page.WaitFor(t, `String(!window.benchLeft && location.href === `+jsString(u)+` && (`+ready+`))`, "true")
	}
	const pageReady = `document.readyState === "complete" && typeof window.shineSearch === "function"`
	type figures struct{ one, multi, warm, typed, typedMore []float64 }
	figs := make([]figures, len(bases))
	for r := 0; r < rounds; r++ {
		for _, w := range queries {
			for i, base := range bases {
				visit(base+"/search/?q="+url.QueryEscape(w), `typeof window.shineSearchMs === "number" && `+
					`(typeof window.shineSearchDoneMs === "number" || !document.querySelector("script[data-search-index]"))`)
				ms := page.Eval(t, `window.shineSearchMs`)
				done := page.Eval(t, `String(window.shineSearchDoneMs)`)
				loaded := page.Eval(t, `(function(){var l=performance.getEntriesByType("resource").filter(function(e){return e.name.indexOf("/search/")>=0 && /\.(json|bin)$/.test(e.name)});`+
					`return (l.reduce(function(s,e){return s+e.encodedBodySize},0)/1024).toFixed(1)+" KB in "+l.length+" files"})()`)
				status := page.Eval(t, `document.getElementById("search-status").textContent`)
				var v float64
				fmt.Sscan(ms, &v)
				if strings.Contains(w, " ") {
					figs[i].multi = append(figs[i].multi, v)
				} else {
					figs[i].one = append(figs[i].one, v)
				}
				if r == 0 {
					t.Logf("%s %-15s cold: %6.1f ms (all text: %s ms), %s of index loaded (%s)", filepath.Base(names[i]), w, v, done, loaded, status)
				}
			}
		}
	}
	for i, base := range bases {
		visit(base+"/search/", pageReady)
		for _, w := range queries {
			for range 2 { // the first loads what it needs
				page.Eval(t, `window.shineSearchMs = null; window.shineSearch(`+jsString(w)+`); "ok"`)
				page.WaitFor(t, `typeof window.shineSearchMs`, "number")
			}
			var v float64
			fmt.Sscan(page.Eval(t, `window.shineSearchMs`), &v)
			figs[i].warm = append(figs[i].warm, v)
		}
	}
	// Typing: a fresh page, its box focused (which loads the manifest),
	// then a query a letter at a time, each letter searched once the
	// last one's results show: the latency a person sees per letter,
	// for the first eight words and for the queries of more words.
	for i, base := range bases {
		for _, w := range append(queries[:8:8], queries[10:]...) {
			visit(base+"/search/", pageReady)
			page.Eval(t, `(document.getElementById("search-input") || document.getElementById("search-page-input")).focus(); fetch("`+base+`/search/index.json").then(function(){window.benchReady = true}); "ok"`)
			page.WaitFor(t, `String(window.benchReady)`, "true")
			for n := 2; n <= len(w); n++ {
				page.Eval(t, `window.shineSearchMs = null; (function(i){i.value = `+jsString(w[:n])+`; i.dispatchEvent(new Event("input"))})(document.getElementById("search-input") || document.getElementById("search-page-input")); "ok"`)
				page.WaitFor(t, `typeof window.shineSearchMs`, "number")
				var v float64
				fmt.Sscan(page.Eval(t, `window.shineSearchMs`), &v)
				if strings.Contains(w, " ") {
					figs[i].typedMore = append(figs[i].typedMore, v)
				} else {
					figs[i].typed = append(figs[i].typed, v)
				}
			}
		}
	}
	stats := func(v []float64) string {
		slices.Sort(v)
		return fmt.Sprintf("median %.1f ms, p95 %.1f ms", v[len(v)/2], v[(len(v)*95+99)/100-1])
	}
	for i, f := range figs {
		t.Logf("%s: search in the browser, %d rounds: one word cold: %s (%d); two or three words cold: %s (%d); warm: %s; typed, per letter: %s (%d); more words typed, per letter: %s (%d)",
			names[i], rounds, stats(f.one), len(f.one), stats(f.multi), len(f.multi), stats(f.warm), stats(f.typed), len(f.typed), stats(f.typedMore), len(f.typedMore))
	}
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
	page := headless.Start(t, chromium, url+target)
	page.WaitFor(t, `document.readyState`, "complete")
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
			got := page.Eval(t, `document.readyState === "complete" && document.querySelector('.backlinks a[href="`+href+`"]') !== null`)
			if got == "true" {
				break
			}
			if time.Now().After(deadline) {
				t.Logf("page: %s", page.Eval(t, `location.href + " " + document.readyState + " " + performance.getEntriesByType("navigation").length + " " + (document.querySelector(".backlinks") ? document.querySelector(".backlinks").outerHTML : document.documentElement.outerHTML.slice(0, 3000))`))
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
