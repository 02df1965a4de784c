package preview

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/shine-blog/shine/internal/headless"
	"github.com/shine-blog/shine/site"
)

// TestBrowserSassPartial serves a site whose stylesheet is compiled from
// a partial, saves the partial, and checks in headless Chromium that the
// new style applies while the page stays the same document: the
// stylesheet was compiled again and swapped, not the page reloaded.
func TestBrowserSassPartial(t *testing.T) {
	chromium := headless.Chromium(t)
	if _, err := exec.LookPath("sass"); err != nil {
		t.Skip("Dart Sass (sass) is not on PATH")
	}
	if testing.Short() {
		t.Skip("starts a browser")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	for name, body := range map[string]string{
		"_config.yml":          "title: Sass\n",
		"index.html":           "---\n---\n<!doctype html><html><head><link rel=\"stylesheet\" href=\"/assets/css/main.css\"></head><body><h1>Styled</h1></body></html>\n",
		"assets/css/main.scss": "---\n---\n@import \"colors\";\nh1 { color: $accent; }\n",
		"_sass/_colors.scss":   "$accent: rgb(0, 0, 255);\n",
	} {
		writeFile(t, filepath.Join(src, name), body)
	}
	opts := site.Options{Source: src, Destination: filepath.Join(dir, "_site"), Now: testNow}
	b := site.NewBuilder(opts)
	t.Cleanup(func() { b.Close() })
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, hs := serveAndWatch(t, b, Options{Source: opts.Source, Destination: opts.Destination, Reload: true})

	page := headless.Start(t, chromium, hs.URL+"/")
	page.WaitFor(t, `document.querySelector("h1") && getComputedStyle(document.querySelector("h1")).color`, "rgb(0, 0, 255)")
	page.Eval(t, `window.shineMark = "kept"; "ok"`)

	writeFile(t, filepath.Join(src, "_sass/_colors.scss"), "$accent: rgb(255, 0, 0);\n")
	page.WaitFor(t, `getComputedStyle(document.querySelector("h1")).color`, "rgb(255, 0, 0)")
	if got := page.Eval(t, `String(window.shineMark)`); got != "kept" {
		t.Errorf("after saving a partial the page was reloaded (mark %q); it should only swap the stylesheet", got)
	}
}
