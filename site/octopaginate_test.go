package site

import (
	"context"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// withOctopaginate is ownLayouts with octopress-paginate, listed in
// plugins:, on two pages: every post two a page, and the posts tagged go
// one a page. TestIncrementalMatchesFullBuild edits its posts' tags,
// titles and dates, which move posts between those pages.
var withOctopaginate = func() map[string]string {
	m := maps.Clone(ownLayouts)
	m["_config.yml"] = strings.Replace(ownLayouts["_config.yml"], "jekyll-archives]", "jekyll-archives, octopress-paginate]", 1) +
		"pagination:\n  per_page: 2\n  limit: false\n"
	m["blog/index.html"] = "---\nlayout: default\ntitle: Blog\npaginate: true\n---\n" +
		"{% for p in paginator.posts %}<li>{{ p.title }}</li>{% endfor %}{{ paginator.page }}/{{ paginator.total_pages }} {{ paginator.next_page_path }} {{ page.title }}\n"
	m["go/index.md"] = "---\nlayout: default\ntitle: Go\npaginate:\n  tag: go\n  per_page: 1\n  permalink: /:num/\n---\n" +
		"{% for p in paginator.posts %}<li>{{ p.title }} {{ p.tags | join: \",\" }}</li>{% endfor %}{{ paginator.total_posts }}\n"
	return m
}()

// TestOctopaginateRebuild changes a paginated page's settings and checks
// that the rebuild writes what a full build writes: new copies, and no
// stale ones left behind.
func TestOctopaginateRebuild(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	for name, body := range withOctopaginate {
		writeFile(t, filepath.Join(src, name), body)
	}
	f := &fixture{t: t, src: src, r: rand.New(rand.NewSource(1)), keep: true}
	for range 7 {
		f.addPost()
	}
	opts := Options{Source: src, Destination: filepath.Join(dir, "inc"), Now: testNow}
	b := NewBuilder(opts)
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(opts.Destination, "blog", "page4", "index.html")); err != nil {
		t.Fatalf("7 posts, 2 a page: no fourth page: %v", err)
	}
	for i, blog := range []string{
		"---\nlayout: default\ntitle: Blog\npaginate:\n  per_page: 3\n  permalink: /p/:num/\n---\n{% for p in paginator.posts %}<li>{{ p.title }}</li>{% endfor %}\n",
		"---\nlayout: default\ntitle: Blog\npaginate:\n  per_page: x\n---\n",
		"---\nlayout: default\ntitle: Journal\npaginate: true\n---\n{{ paginator.page }} {{ page.title }}\n",
		"---\nlayout: default\ntitle: Blog\n---\nNo longer paginated.\n",
	} {
		writeFile(t, filepath.Join(src, "blog", "index.html"), blog)
		_, err := b.Rebuild(context.Background(), []string{"blog/index.html"})
		if strings.Contains(blog, "per_page: x") {
			want := `blog/index.html:4: paginate: per_page: want a whole number of items per page, got "x"`
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("step %d: error %v, want %s", i, err, want)
			}
			continue
		}
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		full := opts
		full.Destination = filepath.Join(dir, "full")
		os.RemoveAll(full.Destination)
		if _, err := Build(context.Background(), full); err != nil {
			t.Fatal(err)
		}
		if diff := compareDirs(full.Destination, opts.Destination); diff != "" {
			t.Fatalf("step %d: incremental output differs from a full build:\n%s", i, diff)
		}
	}
}

// TestOctopaginateWithJekyllPaginate: jekyll-paginate's page may not have
// paginate front matter too (Jekyll stops on it with a NoMethodError);
// the error names the page and the line. Elsewhere the two live together.
func TestOctopaginateWithJekyllPaginate(t *testing.T) {
	files := maps.Clone(withOctopaginate)
	files["index.html"] = "---\nlayout: home\npaginate:\n  per_page: 4\n---\n"
	dir := t.TempDir()
	for name, body := range files {
		writeFile(t, filepath.Join(dir, "src", name), body)
	}
	_, err := Build(context.Background(), Options{Source: filepath.Join(dir, "src"), Destination: filepath.Join(dir, "out"), Now: testNow})
	want := "index.html:3: paginate: jekyll-paginate paginates this page too"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want %s", err, want)
	}
}
