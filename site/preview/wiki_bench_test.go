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
	"testing"
	"time"

	"github.com/shine-blog/shine/site"
	"github.com/shine-blog/shine/themes"
)

// benchSite copies the site in the environment variable env (made by
// scripts/bench-wiki -k DIR: DIR/with), builds it and serves it with
// live reload in headless Chromium.
func benchSite(t *testing.T, env string) (src string, hs string, chromium string) {
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
	_, server := serveAndWatch(t, b, Options{Source: opts.Source, Destination: opts.Destination, Reload: true})
	return src, server.URL, chromium
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
	_, url, chromium := benchSite(t, "SHINE_SEARCH_BENCH")
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
// the page reloaded, the link in its DOM). It reports figures and
// asserts nothing about time.
//
//	SHINE_WIKI_SERVE_BENCH=/tmp/wikibench/with go test ./site/preview -run TestWikiServeLatency -v
func TestWikiServeLatency(t *testing.T) {
	src, url, chromium := benchSite(t, "SHINE_WIKI_SERVE_BENCH")
	const target = "/wiki/Teams/Group-0/Page-0/"
	page := startChromium(t, chromium, url+target)
	page.waitFor(t, `document.readyState`, "complete")
	var times []time.Duration
	for i := 0; i < 20; i++ {
		n := 6 + i*6 // pages under Teams/Group-* (scripts/wikicorpus); any page would do
		rel := filepath.Join(src, "_wiki", "Teams", fmt.Sprintf("Group-%d", (n/6)%40), fmt.Sprintf("Page-%d.md", n))
		b, err := os.ReadFile(rel)
		if err != nil {
			t.Fatal(err)
		}
		href := fmt.Sprintf("/wiki/Teams/Group-%d/Page-%d/", (n/6)%40, n)
		time.Sleep(100 * time.Millisecond)
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
				t.Fatalf("edit %d: no backlink from %s after 20 s", i, href)
			}
			time.Sleep(2 * time.Millisecond)
		}
		times = append(times, time.Since(t0))
	}
	slices.Sort(times)
	var s []string
	for _, d := range times {
		s = append(s, d.Round(time.Millisecond).String())
	}
	t.Logf("link added -> backlink shown: %d edits: p50 %s, p95 %s (all: %s)", len(times),
		times[len(times)/2].Round(100*time.Microsecond), times[(len(times)*95+99)/100-1].Round(100*time.Microsecond), strings.Join(s, " "))
}
