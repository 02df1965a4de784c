package site

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shine-blog/shine/themes"
)

var testNow = time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)

// ownLayouts is a site with its own layouts and includes: pagination,
// tag pages, the feed, the sitemap, {% link %} and site.tags.
var ownLayouts = map[string]string{
	"_config.yml": `title: Fixture
url: https://example.org
paginate: 2
plugins: [jekyll-feed, jekyll-sitemap, jekyll-paginate, jekyll-archives]
collections:
  tips:
    output: false
jekyll-archives:
  enabled: [tags]
  layout: tag
  permalinks:
    tag: /tags/:name/
`,
	"_layouts/default.html": "<html><head><link rel=stylesheet href=\"/css/site.css\"></head><body>{% include nav.html %}{{ content }}</body></html>\n",
	"_layouts/post.html":    "---\nlayout: default\n---\n<h1>{{ page.title }}</h1>{% include meta.html post=page %}{{ content }}<a href=\"{{ page.previous.url }}\">{{ page.previous.title }}</a>|<a href=\"{{ page.next.url }}\">{{ page.next.title }}</a>\n",
	"_layouts/home.html":    "---\nlayout: default\n---\n{% for p in paginator.posts %}<li>{{ p.title }} {{ p.excerpt }}</li>{% endfor %}{{ paginator.page }}/{{ paginator.total_pages }}\n",
	"_layouts/tag.html":     "---\nlayout: default\n---\n<h1>{{ page.title }}</h1>{% for p in page.posts %}<li>{{ p.title }}</li>{% endfor %}\n",
	"_layouts/page.html":    "---\nlayout: default\n---\n<article>{{ content }}</article>\n",
	"_includes/nav.html":    "<nav>{{ site.title }}</nav>\n",
	"_includes/meta.html":   "<p>{{ include.post.date | date: \"%Y-%m-%d\" }} {{ include.post.tags | join: \", \" }}</p>\n",
	"index.html":            "---\nlayout: home\n---\n",
	"tags.html":             "---\nlayout: page\n---\n{% for t in site.tags %}{{ t[0] }}:{{ t[1].size }} {% endfor %}\n",
	"about.md":              "---\nlayout: page\ntitle: About\n---\nSee [the first post]({% link _posts/2024-01-01-post-0.md %}).\n",
	"css/site.css":          "body { color: black }\n",
	// A collection that is not written: its converted content is shown.
	"_tips/knives.md": "---\ntitle: Knives\n---\nKeep them *sharp*.\n",
	"tips.html":       "---\nlayout: page\n---\n{% for t in site.tips %}<h2>{{ t.title }}</h2>{{ t.content }}{% endfor %}\n",
	// Fields read indirectly: by a key from front matter, a map: or a
	// where: with a variable, and a loop over a document's pairs.
	"indirect.html": "---\nlayout: page\nshow: excerpt\nmapkey: title\nwherekey: tags\n---\n" +
		"{% for p in site.posts %}{{ p[page.show] }}|{% endfor %}\n" +
		"{{ site.posts | map: page.mapkey | join: \",\" }}\n" +
		"{% assign k = page.wherekey %}{% assign gone = site.posts | where: k, \"go\" %}{% for p in gone %}{{ p.url }} {% endfor %}\n" +
		"{% for post in site.posts limit:2 %}{% for pair in post %}{% if pair[0] == \"reading_time\" %}{{ pair[1] }}{% endif %}{% endfor %}{% endfor %}\n",
}

// withTheme is a site on the default theme: generated tag, category,
// author and archive pages, the 404 page, and site.pages in the header.
var withTheme = map[string]string{
	"_config.yml": "title: Themed\nurl: https://example.org\npaginate: 3\n",
	"index.md":    "---\nlayout: home\n---\nWelcome.\n",
	"about.md":    "---\nlayout: page\ntitle: About\nnav: true\n---\nAbout me.\n",
}

// TestIncrementalMatchesFullBuild applies a seeded random sequence of
// edits to a site and, after each, checks that the incremental rebuild
// left exactly the files a clean full build of the same source makes.
func TestIncrementalMatchesFullBuild(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		// the post 2024-01-01-post-0.md is linked to by about.md: keep it
		keep bool
	}{
		{"own-layouts", ownLayouts, true},
		{"theme", withTheme, false},
		{"wiki", withTheme, false},
		{"octopaginate", withOctopaginate, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seed := time.Now().UnixNano()
			if s := os.Getenv("SHINE_SEED"); s != "" {
				fmt.Sscan(s, &seed)
			}
			t.Logf("seed %d (set SHINE_SEED to repeat)", seed)
			r := rand.New(rand.NewSource(seed))
			dir := t.TempDir()
			src := filepath.Join(dir, "src")
			for name, body := range tc.files {
				writeFile(t, filepath.Join(src, name), body)
			}
			f := &fixture{t: t, src: src, r: r, keep: tc.keep, wikiOn: tc.name == "wiki"}
			for i := 0; i < 6; i++ {
				f.addPost()
			}
			if f.wikiOn {
				f.write("_wiki/Home.md", "# Home\n\nStart at [[Topics/Note-0]].\n")
				for i := 0; i < 4; i++ {
					f.addWiki()
				}
			}
			opts := Options{Source: src, Destination: filepath.Join(dir, "inc"), Theme: themes.Default(), Now: testNow}
			b := NewBuilder(opts)
			if _, err := b.Build(context.Background()); err != nil {
				t.Fatal(err)
			}
			f.changed = nil
			steps := 40
			if testing.Short() {
				steps = 10
			}
			for step := 0; step < steps; step++ {
				if i, ok := f.pick(); ok && r.Intn(6) == 0 {
					// A broken save fails and changes nothing; the next
					// good save must still catch up on it.
					rel := f.posts[i]
					good, _ := os.ReadFile(filepath.Join(src, rel))
					f.write(rel, "---\ntitle: [unclosed\n---\nbroken\n")
					if _, err := b.Rebuild(context.Background(), f.changed); err == nil {
						t.Fatalf("step %d: broken front matter in %s: no error", step, rel)
					}
					f.changed = nil
					f.write(rel, string(good)+"\nFixed.\n")
				}
				what := f.edit(tc.name == "own-layouts")
				ch, err := b.Rebuild(context.Background(), f.changed)
				if err != nil {
					t.Fatalf("step %d (%s): rebuild: %v", step, what, err)
				}
				f.changed = nil
				if ch.Full {
					t.Errorf("step %d (%s): rebuilt everything; every edit here should be incremental", step, what)
				}
				full := opts
				full.Destination = filepath.Join(dir, fmt.Sprintf("full%d", step))
				if _, err := Build(context.Background(), full); err != nil {
					t.Fatalf("step %d (%s): full build: %v", step, what, err)
				}
				if diff := compareDirs(full.Destination, opts.Destination); diff != "" {
					t.Fatalf("step %d (%s): incremental output differs from a full build (full=%v rendered=%d):\n%s", step, what, ch.Full, ch.Rendered, diff)
				}
				os.RemoveAll(full.Destination)
			}
		})
	}
}

// fixture makes random edits to a site's posts and templates.
type fixture struct {
	t       *testing.T
	src     string
	r       *rand.Rand
	keep    bool
	n       int
	posts   []string // paths of the posts, relative to src
	changed []string
	wikiOn  bool     // make wiki edits too (wiki_rebuild_test.go)
	wiki    []string // paths of the wiki pages under _wiki/Topics
}

var fixtureTags = []string{"go", "web", "notes", "travel", "food"}

func (f *fixture) write(rel, body string) {
	writeFile(f.t, filepath.Join(f.src, rel), body)
	f.changed = append(f.changed, rel)
}

func (f *fixture) post(title string, day int, tags []string, body string) string {
	return fmt.Sprintf("---\nlayout: post\ntitle: %q\ndate: 2024-01-%02d 10:00:00 +0000\ntags: [%s]\n---\n%s\n", title, day, strings.Join(tags, ", "), body)
}

func (f *fixture) randomTags() []string {
	var out []string
	for _, t := range fixtureTags {
		if f.r.Intn(3) == 0 {
			out = append(out, t)
		}
	}
	return out
}

func (f *fixture) addPost() string {
	n := f.n
	f.n++
	rel := fmt.Sprintf("_posts/2024-01-%02d-post-%d.md", 1+n%28, n)
	f.write(rel, f.post(fmt.Sprintf("Post %d", n), 1+f.r.Intn(28), f.randomTags(), fmt.Sprintf("Body of post %d.\n\nMore text %d.", n, f.r.Intn(1000))))
	f.posts = append(f.posts, rel)
	return "add " + rel
}

// pick is a random post, not the one about.md links to when it must stay.
func (f *fixture) pick() (int, bool) {
	var choices []int
	for i, p := range f.posts {
		if f.keep && strings.HasSuffix(p, "-post-0.md") {
			continue
		}
		choices = append(choices, i)
	}
	if len(choices) == 0 {
		return 0, false
	}
	return choices[f.r.Intn(len(choices))], true
}

// edit makes one random change and says what it was.
func (f *fixture) edit(own bool) string {
	kinds := []string{"title", "tags", "date", "body", "lead", "add", "delete", "rename", "css"}
	if own {
		kinds = append(kinds, "layout", "include", "tip")
	} else {
		kinds = append(kinds, "page")
	}
	if f.wikiOn {
		kinds = append(kinds, wikiEdits...)
	}
	kind := kinds[f.r.Intn(len(kinds))]
	if strings.HasPrefix(kind, "wiki-") {
		return f.editWiki(kind)
	}
	i, ok := f.pick()
	if !ok && kind != "add" && kind != "layout" && kind != "include" && kind != "css" && kind != "page" {
		kind = "add"
	}
	switch kind {
	case "add":
		return f.addPost()
	case "delete":
		rel := f.posts[i]
		os.Remove(filepath.Join(f.src, rel))
		f.changed = append(f.changed, rel)
		f.posts = append(f.posts[:i], f.posts[i+1:]...)
		return "delete " + rel
	case "rename":
		rel := f.posts[i]
		to := fmt.Sprintf("_posts/2024-02-%02d-renamed-%d.md", 1+f.r.Intn(28), f.n)
		f.n++
		if err := os.Rename(filepath.Join(f.src, rel), filepath.Join(f.src, to)); err != nil {
			f.t.Fatal(err)
		}
		f.changed = append(f.changed, rel, to)
		f.posts[i] = to
		return "rename " + rel + " " + to
	case "css":
		rel := "css/site.css"
		if !own {
			rel = "assets/css/extra.css"
		}
		f.write(rel, fmt.Sprintf("body { color: #%06x }\n", f.r.Intn(1<<24)))
		return "css"
	case "layout":
		f.write("_layouts/post.html", fmt.Sprintf("---\nlayout: default\n---\n<h1 class=v%d>{{ page.title }}</h1>{%% include meta.html post=page %%}{{ content }}<a href=\"{{ page.next.url }}\">{{ page.next.title }}</a>\n", f.r.Intn(100)))
		return "layout"
	case "include":
		f.write("_includes/meta.html", fmt.Sprintf("<p class=m%d>{{ include.post.date | date: \"%%b %%d\" }} {{ include.post.tags | join: \"/\" }}</p>\n", f.r.Intn(100)))
		return "include"
	case "tip":
		f.write("_tips/knives.md", fmt.Sprintf("---\ntitle: Knives %d\n---\nKeep them *sharp*, %d.\n", f.r.Intn(100), f.r.Intn(100)))
		return "tip"
	case "page":
		f.write("about.md", fmt.Sprintf("---\nlayout: page\ntitle: About %d\nnav: true\n---\nAbout me, %d.\n", f.r.Intn(100), f.r.Intn(100)))
		return "page"
	}
	// Edit a post's front matter or body in place.
	rel := f.posts[i]
	b, err := os.ReadFile(filepath.Join(f.src, rel))
	if err != nil {
		f.t.Fatal(err)
	}
	text := string(b)
	switch kind {
	case "title":
		text = replaceLine(text, "title: ", fmt.Sprintf("title: \"Retitled %d\"", f.r.Intn(1000)))
	case "tags":
		text = replaceLine(text, "tags: ", "tags: ["+strings.Join(f.randomTags(), ", ")+"]")
	case "date":
		text = replaceLine(text, "date: ", fmt.Sprintf("date: 2024-01-%02d 10:00:00 +0000", 1+f.r.Intn(28)))
	case "body":
		text += fmt.Sprintf("\nAn added paragraph %d.\n", f.r.Intn(1000))
	case "lead":
		// A new first paragraph: the excerpt changes.
		i := strings.Index(text[4:], "---\n") + 8
		text = text[:i] + fmt.Sprintf("A new lead %d.\n\n", f.r.Intn(1000)) + text[i:]
	}
	f.write(rel, text)
	return kind + " " + rel
}

func replaceLine(text, prefix, line string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			lines[i] = line
			break
		}
	}
	return strings.Join(lines, "\n")
}

func writeFile(t testing.TB, p, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// compareDirs lists the files that differ between two folders, or "".
func compareDirs(want, got string) string {
	read := func(root string) map[string][]byte {
		m := map[string][]byte{}
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, _ := os.ReadFile(p)
				rel, _ := filepath.Rel(root, p)
				m[filepath.ToSlash(rel)] = b
			}
			return nil
		})
		return m
	}
	w, g := read(want), read(got)
	var out []string
	for p, wb := range w {
		gb, ok := g[p]
		switch {
		case !ok:
			out = append(out, "missing "+p)
		case !bytes.Equal(wb, gb):
			out = append(out, fmt.Sprintf("differs %s:\n--- full\n%s\n--- incremental\n%s", p, clip(wb), clip(gb)))
		}
	}
	for p := range g {
		if _, ok := w[p]; !ok {
			out = append(out, "extra "+p)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

func clip(b []byte) string {
	if len(b) > 1500 {
		return string(b[:1500]) + "…"
	}
	return string(b)
}
