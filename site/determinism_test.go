package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/shine-blog/shine/themes"
)

// crossReads is a site whose pages read each other in every way the
// engine offers: post bodies that show other posts' content and excerpts
// through site.posts (converted in parallel), related posts, neighbours,
// tag and category pages, the feed, the paginator, and where, sort,
// group_by and map over the posts.
func crossReads(posts int) map[string]string {
	files := map[string]string{
		"_config.yml": `title: Cross
url: https://example.org
paginate: 7
plugins: [jekyll-feed, jekyll-sitemap, jekyll-paginate, jekyll-archives]
jekyll-archives:
  enabled: [tags, categories]
  layout: archive
  permalinks:
    tag: /tags/:name/
    category: /categories/:name/
`,
		"_layouts/default.html": "<html><body>{{ content }}</body></html>\n",
		"_layouts/post.html": "---\nlayout: default\n---\n<h1>{{ page.title }}</h1>{{ content }}\n" +
			"<nav>{{ page.previous.excerpt }}|{{ page.next.content | size }}</nav>\n" +
			"<ul>{% for r in site.related_posts limit:3 %}<li>{{ r.title }}: {{ r.excerpt }}</li>{% endfor %}</ul>\n",
		"_layouts/home.html":    "---\nlayout: default\n---\n{% for p in paginator.posts %}<li>{{ p.title }} {{ p.excerpt }} {{ p.content | size }}</li>{% endfor %}{{ paginator.page }}\n",
		"_layouts/archive.html": "---\nlayout: default\n---\n<h1>{{ page.title }}</h1>{% for p in page.posts %}<li>{{ p.title }} {{ p.excerpt }}</li>{% endfor %}\n",
		"index.html":            "---\nlayout: home\n---\n",
		"lists.html": "---\nlayout: default\n---\n" +
			"{% assign byCat = site.posts | group_by: \"category\" %}{% for g in byCat %}{{ g.name }}:{{ g.items | map: \"title\" | join: \",\" }};{% endfor %}\n" +
			"{% assign sorted = site.posts | sort: \"rank\" %}{% for p in sorted limit:10 %}{{ p.title }}={{ p.excerpt }}{% endfor %}\n" +
			"{% assign odd = site.posts | where: \"odd\", true %}{% for p in odd limit:10 %}{{ p.content }}{% endfor %}\n" +
			"{% for t in site.tags %}{{ t[0] }}:{{ t[1].size }} {% endfor %}\n",
	}
	for i := 0; i < posts; i++ {
		body := fmt.Sprintf("Post %d opens here.\n\nIts second paragraph %d.\n\n", i, i*7)
		switch i % 3 {
		case 0:
			body += "{% for p in site.posts limit:20 %}{{ p.excerpt }}{% endfor %}\n"
		case 1:
			body += "{% for p in site.posts limit:5 %}{{ p.content | size }} {{ p.content | slice: 0, 40 }}{% endfor %}\n"
		case 2:
			body += "{% assign picked = site.posts | where: \"category\", \"b\" %}{% for p in picked limit:5 %}{{ p.excerpt | strip_html }}{% endfor %}\n"
		}
		files[fmt.Sprintf("_posts/2024-%02d-%02d-post-%d.md", 1+i/28%12, 1+i%28, i)] = fmt.Sprintf(
			"---\nlayout: post\ntitle: Post %d\ncategory: %s\ntags: [t%d, t%d]\nrank: %d\nodd: %v\n---\n%s",
			i, string(rune('a'+i%4)), i%5, i%7, (i*37)%posts, i%2 == 1, body)
	}
	return files
}

// TestBuildIsDeterministic builds a site whose pages read each other
// five times at each of GOMAXPROCS 1, 2 and 8: every output file is the
// same, byte for byte, in every build.
func TestBuildIsDeterministic(t *testing.T) {
	posts, runs := 80, 5
	if testing.Short() {
		posts, runs = 60, 2
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	for name, body := range crossReads(posts) {
		writeFile(t, filepath.Join(src, name), body)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	first := ""
	for _, procs := range []int{1, 2, 8} {
		runtime.GOMAXPROCS(procs)
		for run := 0; run < runs; run++ {
			dest := filepath.Join(dir, fmt.Sprintf("out-%d-%d", procs, run))
			opts := Options{Source: src, Destination: dest, Theme: themes.Default(), Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
			if _, err := Build(context.Background(), opts); err != nil {
				t.Fatal(err)
			}
			if first == "" {
				first = dest
				continue
			}
			if diff := compareDirs(first, dest); diff != "" {
				t.Fatalf("GOMAXPROCS %d, build %d differs from the first build:\n%s", procs, run+1, diff)
			}
		}
	}
	// The rule the output follows: during conversion every other post's
	// content and excerpt are its source, so a post body shows the other
	// posts' excerpts as written, never as their converted HTML.
	b, err := os.ReadFile(filepath.Join(first, "a/2024/01/01/post-0.html"))
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	if !strings.Contains(got, fmt.Sprintf("Post %d opens here.", posts-1)) || strings.Contains(got, "opens here.</p>\n<p>Post") {
		t.Errorf("post 0 does not show the other posts' excerpts as their source:\n%s", clip(b))
	}
}
