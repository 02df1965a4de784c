package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestRellinks checks jekyll-relative-links' rellinks filter (0.8, the
// version that defines it; Debian's 0.7 has none and passes the input
// through) on the cases of the plugin's own filter_spec.rb, and on a
// baseurl, a link from the root, an include, and markup in raw text.
func TestRellinks(t *testing.T) {
	src := t.TempDir()
	files := map[string]string{
		"_config.yml":          "baseurl: /b\nplugins: [jekyll-relative-links]\n",
		"another-page.md":      "---\n---\nA\n",
		"subdir/page.md":       "---\ntitle: Sub\nlinks: '[up](../another-page.md) [here](page.md) [root](/another-page.md#top)'\n---\n{% include links.html %}\n",
		"_includes/links.html": "<p>{{ page.links | markdownify | rellinks | remove: '<p>' | remove: '</p>' | strip }}</p>",
		"image.png":            "",
		"index.html": "---\nhtml: '<a href=\"another-page.md\">Link</a> <a href=\"another-page.md#section\">F</a> <a href=\"image.png\">I</a> " +
			"<a href=\"https://example.com/page.md\">E</a> <a href=\"ghost-page.md\">G</a> <a href=\"subdir/page.md\">S</a>'\n---\n" +
			"{{ page.html | rellinks }}\n{% raw %}{{ x | rellinks }}{% endraw %}\n[{{ nil | rellinks }}]\n",
	}
	for name, body := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dest := filepath.Join(t.TempDir(), "_site")
	if _, err := Build(context.Background(), Options{Source: src, Destination: dest, Now: time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		"index.html": `<a href="/b/another-page.html">Link</a> <a href="/b/another-page.html#section">F</a> <a href="image.png">I</a> ` +
			`<a href="https://example.com/page.md">E</a> <a href="ghost-page.md">G</a> <a href="/b/subdir/page.html">S</a>` + "\n" +
			"{{ x | rellinks }}\n[]",
		"subdir/page.html": `<p><a href="/b/another-page.html">up</a> <a href="/b/subdir/page.html">here</a> <a href="/b/another-page.html#top">root</a></p>`,
	} {
		b, err := os.ReadFile(filepath.Join(dest, file))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, strings.TrimSpace(string(b))); diff != "" {
			t.Errorf("%s (-want +got):\n%s", file, diff)
		}
	}
}
