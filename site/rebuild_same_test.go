package site

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shine-blog/shine/themes"
)

// TestRebuildSameBytes saves each kind of source file with the bytes it
// had (a new modification time only, as an editor's save without edits
// or touch does): no rebuild renders, writes or removes anything.
func TestRebuildSameBytes(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	for name, body := range ownLayouts {
		writeFile(t, filepath.Join(src, name), body)
	}
	writeFile(t, filepath.Join(src, "_posts/2024-01-01-post-0.md"), "---\ntitle: One\nlayout: post\ntags: [a]\n---\nBody.\n")
	writeFile(t, filepath.Join(src, "_data/menu.yml"), "- home\n")
	opts := Options{Source: src, Destination: filepath.Join(dir, "_site"), Theme: themes.Default(), Now: testNow}
	b := NewBuilder(opts)
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	for _, rel := range []string{
		"_posts/2024-01-01-post-0.md", "about.md", "css/site.css", "_includes/nav.html",
		"_layouts/post.html", "_data/menu.yml", "_config.yml",
	} {
		t.Run(rel, func(t *testing.T) {
			p := filepath.Join(src, rel)
			body, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, body, 0o644); err != nil {
				t.Fatal(err)
			}
			later = later.Add(time.Minute)
			if err := os.Chtimes(p, later, later); err != nil {
				t.Fatal(err)
			}
			ch, err := b.Rebuild(context.Background(), []string{rel})
			if err != nil {
				t.Fatal(err)
			}
			if ch.Full || ch.Rendered > 0 || len(ch.Written) > 0 || len(ch.Removed) > 0 {
				t.Errorf("saved as it was: full %v, %d rendered, written %v, removed %v", ch.Full, ch.Rendered, ch.Written, ch.Removed)
			}
		})
	}
	// A real change after them all still shows.
	writeFile(t, filepath.Join(src, "_includes/nav.html"), "<nav>{{ site.title }}!</nav>\n")
	ch, err := b.Rebuild(context.Background(), []string{"_includes/nav.html"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Written) == 0 {
		t.Errorf("an include edit wrote nothing")
	}
}
