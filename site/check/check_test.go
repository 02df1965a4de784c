package check

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site"
)

func TestCheckResolve(t *testing.T) {
	cfg := &content.Config{URL: "https://example.com", BaseURL: "/blog"}
	r := newResolver(cfg)
	tests := []struct {
		name, from, ref string
		want            target
		internal        bool
	}{
		{"root", "a/index.html", "/blog/", target{file: "index.html"}, true},
		{"folder", "index.html", "/blog/about/", target{file: "about/index.html"}, true},
		{"file with fragment", "index.html", "/blog/2024/01/02/x.html#intro", target{file: "2024/01/02/x.html", fragment: "intro"}, true},
		{"in-page fragment", "a/b.html", "#top-1", target{file: "a/b.html", fragment: "top-1"}, true},
		{"relative", "2024/01/x.html", "../02/y.html", target{file: "2024/02/y.html"}, true},
		{"relative folder", "2024/01/x.html", "..", target{file: "2024/index.html"}, true},
		{"percent-encoded", "index.html", "/blog/caf%C3%A9/", target{file: "café/index.html"}, true},
		{"same host absolute", "index.html", "https://example.com/blog/feed.xml", target{file: "feed.xml"}, true},
		{"outside baseurl", "index.html", "/about/", target{problem: "is outside the site's baseurl /blog"}, true},
		{"relative out of baseurl", "x.html", "../about/", target{problem: "is outside the site's baseurl /blog"}, true},
		{"other host", "index.html", "https://other.example/blog/", target{}, false},
		{"protocol-relative", "index.html", "//cdn.example/x.js", target{}, false},
		{"mailto", "index.html", "mailto:me@example.com", target{}, false},
		{"data", "index.html", "data:image/png;base64,AAAA", target{}, false},
		{"empty", "index.html", "", target{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, internal := r.resolve(tt.from, tt.ref)
			if internal != tt.internal {
				t.Fatalf("internal = %v, want %v", internal, tt.internal)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(target{})); diff != "" {
				t.Errorf("resolve(%q, %q) (-want +got):\n%s", tt.from, tt.ref, diff)
			}
		})
	}
}

func TestCheckScanHTML(t *testing.T) {
	page := "<!DOCTYPE html>\n<html><head>\n<link rel=\"stylesheet\" href=\"/a.css\">\n<script>\nvar s = '<a href=\"/not-a-link\">';\n</script></head>\n" +
		"<body><h2 id=\"one\">One</h2>\n<a name=\"old\"></a><p>text\nmore <a href=\"/x/#one\">x</a></p>\n" +
		"<img src=\"/i.png\" srcset=\"/i.png 1x, /i@2x.png 2x\">\n<a href=\"https://example.com/&amp;q\">e</a>\n</body></html>\n"
	f := scanHTML([]byte(page))
	want := []ref{
		{url: "/a.css", line: 3},
		{url: "/x/#one", line: 9},
		{image: true, url: "/i.png", line: 10},
		{image: true, url: "/i.png", line: 10},
		{image: true, url: "/i@2x.png", line: 10},
		{url: "https://example.com/&q", line: 11},
	}
	if diff := cmp.Diff(want, f.refs, cmp.AllowUnexported(ref{})); diff != "" {
		t.Errorf("refs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]bool{"one": true, "old": true}, f.ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
}

func TestCheckLineOfNth(t *testing.T) {
	src := []byte("---\ntitle: x\n---\nA [link](/a/) and [other](/a/b/).\n\nAgain [link](/a/).\n{{ site.baseurl }}/c/\n")
	tests := []struct {
		name, needle string
		nth, want    int
	}{
		{"first", "/a/", 0, 4},
		{"second", "/a/", 1, 6},
		{"more than there are", "/a/", 5, 4},
		{"not a prefix of a longer URL", "/a/b", 0, 0},
		{"after a Liquid expression", "/c/", 0, 7},
		{"missing", "/z/", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lineOfNth(src, tt.needle, tt.nth); got != tt.want {
				t.Errorf("lineOfNth(%q, %d) = %d, want %d", tt.needle, tt.nth, got, tt.want)
			}
		})
	}
}

// TestCheckUnreadKeys: a key counts as read when a render looked it up,
// however indirectly (a key from front matter, map: or where: with a
// variable); the others are reported.
func TestCheckUnreadKeys(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"_config.yml":           "title: T\n",
		"_layouts/default.html": "<html><body>{{ content }}{{ page[page.show] }}</body></html>\n",
		"_posts/2024-01-02-one.md": "---\nlayout: default\nshow: subtitle\nsubtitle: Sub\nteaser: T\nweight: 1\n" +
			"mood: calm\ncolour: red\n---\nOne\n",
		"index.html": "---\nlayout: default\nby: weight\nlisted: teaser\n---\n" +
			"{% assign s = site.posts | sort: page.by %}{{ s | map: page.listed | join: \",\" }}\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := Check(context.Background(), site.Options{Source: dir, Destination: filepath.Join(dir, "_site")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Findings {
		got = append(got, f.String())
	}
	want := []string{
		`_posts/2024-01-02-one.md:7: warning: front matter key "mood" is never read by a layout, include or page`,
		`_posts/2024-01-02-one.md:8: warning: front matter key "colour" is never read by a layout, include or page`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// TestCheck builds a small site with each kind of problem and checks
// every finding, with its file and line.
func TestCheck(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"_config.yml": "title: T\nbaseurl: /b\n",
		"_layouts/default.html": "<html><head><title>{{ page.title }}</title></head><body>\n" +
			"<a href=\"{{ '/' | relative_url }}\">home</a>\n{{ content }}\n<a href=\"{{ page.url | relative_url }}\">self</a>\n</body></html>\n",
		"_posts/2024-01-02-one.md": "---\ntitle: One\nlayout: default\nmood: happy\n---\n" +
			"## Intro\n\nSee [two]({% link two.md %}#details) and [nothing](/b/nothing/).\n\n![pic](/b/missing.png)\n[bad anchor](#outro)\n",
		"two.md": "---\ntitle: Two\nlayout: default\nmood: calm\n---\n## Details\n",
		"zz.md":  "---\ntitle: Three\nlayout: default\npermalink: /two.html\n---\nHi\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := Check(context.Background(), site.Options{
		Source: dir, Destination: filepath.Join(dir, "_site"),
		Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Findings {
		got = append(got, f.String())
	}
	want := []string{
		`_layouts/default.html:2: broken link /b/: no page or file there (on 2 pages)`,
		`_posts/2024-01-02-one.md:8: broken link /b/nothing/: no page or file there`,
		`_posts/2024-01-02-one.md:10: missing image /b/missing.png: no file there`,
		`_posts/2024-01-02-one.md:11: broken link #outro: no element with id "outro" in 2024/01/02/one.html`,
		`zz.md:4: writes two.html, as two.md does`,
		`_posts/2024-01-02-one.md:4: warning: front matter key "mood" is never read by a layout, include or page (also in 1 other files)`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if r.Broken() != 5 {
		t.Errorf("Broken() = %d, want 5", r.Broken())
	}
	if _, err := os.Stat(filepath.Join(dir, "_site")); !os.IsNotExist(err) {
		t.Errorf("check wrote the destination folder: %v", err)
	}
	if strings.Contains(strings.Join(got, "\n"), "details") {
		t.Errorf("the link to an existing heading was reported")
	}
}

func TestCheckSrcset(t *testing.T) {
	tests := []struct {
		name, srcset string
		want         []string
	}{
		{"descriptors", "/a.png 1x, /b.png 2x", []string{"/a.png", "/b.png"}},
		{"widths and new lines", "/a.png 480w,\n  /b.png 800w", []string{"/a.png", "/b.png"}},
		{"no descriptors", "/a.png, /b.png", []string{"/a.png", "/b.png"}},
		{"data URL with a comma", "data:image/png;base64,AAAA 2x, /c.png 1x", []string{"data:image/png;base64,AAAA", "/c.png"}},
		{"empty", " ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, srcsetURLs(tt.srcset)); diff != "" {
				t.Errorf("srcsetURLs(%q) (-want +got):\n%s", tt.srcset, diff)
			}
		})
	}
}
