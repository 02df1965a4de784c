//go:build unix

package preview

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shine-blog/shine/internal/headless"
	"github.com/shine-blog/shine/site"
	"github.com/shine-blog/shine/themes"
)

// TestBrowserSearch opens a wiki page of the fixture wiki in headless
// Chromium, types a word letter by letter into the header's search box
// as a person would, and checks the panel of results under it; then
// follows its link to /search/, where the same box fills the page:
// posts and wiki pages, those with the word in the title first, the
// word highlighted. Last, that an edit in shine serve reaches the
// index.
func TestBrowserSearch(t *testing.T) {
	chromium := headless.Chromium(t)
	if testing.Short() {
		t.Skip("starts a browser")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	if out, err := exec.Command("cp", "-r", "../testdata/wiki/site", src).CombinedOutput(); err != nil {
		t.Fatalf("copy: %v\n%s", err, out)
	}
	opts := site.Options{Source: src, Destination: filepath.Join(dir, "_site"), Theme: themes.Default(), Now: testNow}
	b := site.NewBuilder(opts)
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, hs := serveAndWatch(t, b, Options{Source: opts.Source, Destination: opts.Destination, Reload: true})
	page := headless.Start(t, chromium, hs.URL+"/wiki/Users/Linus/")
	page.WaitFor(t, `document.readyState === "complete" && typeof window.shineSearch`, "function")

	// Type "storage" a letter at a time into the header's box, each
	// letter firing an input event.
	typeWord := func(word string) {
		t.Helper()
		page.Eval(t, `(function(w){var i=document.querySelector(".site-header #search-input");i.focus();i.value="";`+
			`for (var n=1;n<=w.length;n++){i.value=w.slice(0,n);i.dispatchEvent(new Event("input"));}return "ok"})(`+jsString(word)+`)`)
	}
	if got := page.Eval(t, `document.getElementById("search-panel").hidden`); got != "true" {
		t.Errorf("the results panel shows before anything is typed")
	}
	typeWord("storage")
	page.WaitFor(t, `document.querySelector("#search-panel .search-panel__status").textContent`, "10 results, the first 8 shown · See all 10 results")
	if got := page.Eval(t, `document.getElementById("search-panel").hidden`); got != "false" {
		t.Errorf("the results panel is hidden after typing")
	}
	if got := page.Eval(t, `document.querySelectorAll("#search-panel .search-result").length`); got != "8" {
		t.Errorf("the panel shows %s results; want 8", got)
	}
	if got := page.Eval(t, `document.querySelector("#search-panel .search-result a").innerHTML`); !strings.Contains(got, "<mark>") {
		t.Errorf("the panel's first result %q has no highlighted title", got)
	}
	// Escape closes the panel; the link to all results opens /search/.
	page.Eval(t, `document.getElementById("search-input").dispatchEvent(new KeyboardEvent("keydown",{key:"Escape"})); "ok"`)
	if got := page.Eval(t, `document.getElementById("search-panel").hidden`); got != "true" {
		t.Errorf("Escape leaves the panel open")
	}
	page.Eval(t, `document.querySelector(".search-panel__all").click(); "ok"`)
	page.WaitFor(t, `location.pathname + location.search`, "/search/?q=storage")
	page.WaitFor(t, `document.readyState === "complete" && document.getElementById("search-status").textContent`, "10 results")
	if got := page.Eval(t, `document.getElementById("search-input").value + "|" + (document.activeElement && document.activeElement.id)`); got != "storage|search-input" {
		t.Errorf("on /search/ the header box holds and focuses %q; want storage|search-input", got)
	}
	if got := page.Eval(t, `document.getElementById("search-page-input").form.hidden`); got != "true" {
		t.Errorf("on /search/ the page's own box shows beside the header's")
	}
	typeWord("storage")
	page.WaitFor(t, `document.getElementById("search-status").textContent`, "10 results")

	results := page.Eval(t, `Array.from(document.querySelectorAll(".search-result")).map(function(li){`+
		`var a=li.querySelector("a");return li.className.replace("search-result search-result--","")+"|"+a.innerHTML+"|"+a.getAttribute("href")}).join("\n")`)
	lines := strings.Split(results, "\n")
	t.Logf("results for storage:\n%s", results)
	// Title matches first: every title with the word comes before any without.
	seenPlain := false
	titled := 0
	for _, l := range lines {
		inTitle := strings.Contains(l, "<mark>")
		if inTitle {
			titled++
			if seenPlain {
				t.Errorf("a title match after a text-only match:\n%s", results)
			}
		} else {
			seenPlain = true
		}
	}
	if titled != 4 {
		t.Errorf("%d results with storage in the title; want 4 (a post and three wiki pages):\n%s", titled, results)
	}
	for _, want := range []string{
		"post|The <mark>storage</mark> outage|/2024/03/01/storage-outage.html",
		"wiki|<mark>Storage</mark> on-call|/wiki/Teams/Storage/Oncall/",
	} {
		if !strings.Contains(results, want) {
			t.Errorf("no result %q in:\n%s", want, results)
		}
	}
	// The text of a result is highlighted too.
	page.WaitFor(t, `document.querySelector(".search-result__text mark") !== null`, "true")
	if got := page.Eval(t, `new URL(location.href).searchParams.get("q")`); got != "storage" {
		t.Errorf("the address keeps q=%q; want storage", got)
	}

	// Two words find the pages with both, both in the title first.
	typeWord("storage te")
	page.WaitFor(t, `document.querySelector("#search-results .search-result a").innerHTML`, "<mark>Storage</mark> <mark>te</mark>am")

	// A prefix finds the same pages as the whole word.
	typeWord("stora")
	page.WaitFor(t, `document.getElementById("search-status").textContent`, "10 results")
	typeWord("zzzz")
	page.WaitFor(t, `document.getElementById("search-status").textContent`, "No results")

	// An edit reaches the index through the incremental rebuild.
	writeFile(t, filepath.Join(src, "_wiki/Users/Linus.md"), "# Linus\n\nNow owns the zeppelin project.\n")
	page.WaitFor(t, `location.pathname`, "/search/") // the live reload keeps the page
	page.WaitFor(t, `(function(){window.shineSearch("zeppelin");return document.getElementById("search-status").textContent})()`, "1 result")
	if got := page.Eval(t, `document.querySelector(".search-result a").innerHTML`); got != "Linus" {
		t.Errorf("result for zeppelin: %q; want Linus", got)
	}
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// TestBrowserSearchOwnLayout: on a site whose own default layout has no
// header box, the /search/ page brings its own.
func TestBrowserSearchOwnLayout(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("no chromium on PATH")
	}
	if testing.Short() {
		t.Skip("starts a browser")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	if out, err := exec.Command("cp", "-r", "../testdata/wiki/site", src).CombinedOutput(); err != nil {
		t.Fatalf("copy: %v\n%s", err, out)
	}
	writeFile(t, filepath.Join(src, "_layouts/default.html"), "<!doctype html><title>{{ page.title }}</title><main>{{ content }}</main>\n")
	opts := site.Options{Source: src, Destination: filepath.Join(dir, "_site"), Theme: themes.Default(), Now: testNow}
	b := site.NewBuilder(opts)
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, hs := serveAndWatch(t, b, Options{Source: opts.Source, Destination: opts.Destination})
	page := headless.Start(t, chromium, hs.URL+"/search/?q=stora")
	page.WaitFor(t, `document.readyState === "complete" && document.getElementById("search-status").textContent`, "10 results")
	if got := page.Eval(t, `document.getElementById("search-page-input").value + "|" + document.getElementById("search-page-input").form.hidden`); got != "stora|false" {
		t.Errorf("the page's box: %q; want stora|false", got)
	}
}
