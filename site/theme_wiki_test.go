package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shine-blog/shine/themes"
)

// TestMarkdownifyWikiLinks: the markdownify filter resolves [[wiki
// links]] as a body does, and a page whose layout shows them follows
// the wiki through shine serve's incremental rebuild: a page created
// turns its broken link into a working one.
func TestMarkdownifyWikiLinks(t *testing.T) {
	src := t.TempDir()
	write(t, src, "_config.yml", "title: T\n")
	write(t, src, "_layouts/note.html", "<div class=\"summary\">{{ page.summary | markdownify }}</div>{{ content }}")
	write(t, src, "_wiki/Storage.md", "# Storage\n\nDisks.\n")
	write(t, src, "notes.md", "---\nlayout: note\nsummary: \"See [[Storage]], [[Storage|the disks]] and [[Tapes]].\"\n---\nBody.\n")
	dest := filepath.Join(t.TempDir(), "_site")
	b := NewBuilder(Options{Source: src, Destination: dest, Theme: themes.Default()})
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	read := func() string {
		t.Helper()
		out, err := os.ReadFile(filepath.Join(dest, "notes.html"))
		if err != nil {
			t.Fatal(err)
		}
		s := string(out)
		return s[:strings.Index(s, "</div>")]
	}
	for _, want := range []string{
		`<a class="wikilink" href="/wiki/Storage/">Storage</a>`,
		`<a class="wikilink" href="/wiki/Storage/">the disks</a>`,
		`<a class="wikilink broken" title="no wiki page `,
	} {
		if got := read(); !strings.Contains(got, want) {
			t.Errorf("notes.html has no %s:\n%s", want, got)
		}
	}
	write(t, src, "_wiki/Tapes.md", "# Tapes\n")
	if _, err := b.Rebuild(context.Background(), []string{filepath.Join(src, "_wiki/Tapes.md")}); err != nil {
		t.Fatal(err)
	}
	if got := read(); !strings.Contains(got, `<a class="wikilink" href="/wiki/Tapes/">Tapes</a>`) || strings.Contains(got, "broken") {
		t.Errorf("after Tapes was made, notes.html still has a broken link:\n%s", got)
	}
}

// TestThemeWikiNav: the default theme's nav links to the wiki index on
// every page once the site has a wiki page, and only then, through an
// incremental rebuild too; every page has the search box.
func TestThemeWikiNav(t *testing.T) {
	src := t.TempDir()
	write(t, src, "_config.yml", "title: T\n")
	write(t, src, "about.md", "---\ntitle: About\nlayout: page\n---\nAbout.\n")
	write(t, src, "_wiki/Home.md", "---\npublished: false\n---\n# Home\n")
	dest := filepath.Join(t.TempDir(), "_site")
	b := NewBuilder(Options{Source: src, Destination: dest, Theme: themes.Default()})
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	page := func() string {
		t.Helper()
		out, err := os.ReadFile(filepath.Join(dest, "about.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	const wikiLink = `<li><a href="/wiki/">Wiki</a></li>`
	got := page()
	if strings.Contains(got, wikiLink) {
		t.Errorf("a site without wiki pages links to /wiki/:\n%s", got)
	}
	for _, want := range []string{`<form class="site-search" role="search" action="/search/">`, `<input id="search-input"`, `src="/assets/js/search.js"`} {
		if !strings.Contains(got, want) {
			t.Errorf("about.html has no %s", want)
		}
	}
	write(t, src, "_wiki/Home.md", "# Home\n") // published
	ch, err := b.Rebuild(context.Background(), []string{filepath.Join(src, "_wiki/Home.md")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page(), wikiLink) {
		t.Errorf("once a wiki page is published (full rebuild: %v), about.html has no link to /wiki/", ch.Full)
	}
	// Another wiki page leaves the pages that only show the link alone.
	write(t, src, "_wiki/Second.md", "# Second\n")
	ch, err = b.Rebuild(context.Background(), []string{filepath.Join(src, "_wiki/Second.md")})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ch.Written {
		if w == "about.html" {
			t.Errorf("a second wiki page re-rendered about.html (written: %v)", ch.Written)
		}
	}
	os.Remove(filepath.Join(src, "_wiki/Home.md"))
	os.Remove(filepath.Join(src, "_wiki/Second.md"))
	if _, err := b.Rebuild(context.Background(), []string{filepath.Join(src, "_wiki/Home.md"), filepath.Join(src, "_wiki/Second.md")}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(page(), wikiLink) {
		t.Errorf("with the wiki gone, about.html still links to /wiki/")
	}
}
