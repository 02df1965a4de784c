package themes

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	shineliquid "github.com/shine-blog/shine/site/liquid"
	yamlv2 "gopkg.in/yaml.v2"

	"github.com/osteele/liquid"
	"github.com/osteele/liquid/render"
	"gopkg.in/yaml.v3"
)

// template is one theme file split into its front matter and Liquid body.
type template struct {
	path     string
	front    map[string]any
	body     string
	bodyLine int // line number of the body's first line in the file
}

// splitFrontMatter separates a leading "---" YAML block from the body.
func splitFrontMatter(name string, src []byte) (template, error) {
	t := template{path: name, body: string(src), bodyLine: 1}
	s := string(src)
	if !strings.HasPrefix(s, "---\n") {
		return t, nil
	}
	end := strings.Index(s[4:], "\n---\n")
	if end < 0 {
		return t, fmt.Errorf("%s: front matter has no closing ---", name)
	}
	yml := s[4 : 4+end]
	if err := yaml.Unmarshal([]byte(yml), &t.front); err != nil {
		return t, fmt.Errorf("%s: front matter: %w", name, err)
	}
	t.body = s[4+end+5:]
	t.bodyLine = 1 + strings.Count(s[:4+end+5], "\n")
	return t, nil
}

// loadDir reads every .html file in one folder of the default theme.
func loadDir(t *testing.T, dir string) map[string]template {
	t.Helper()
	out := map[string]template{}
	err := fs.WalkDir(Default(), dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || path.Ext(p) != ".html" {
			return nil
		}
		src, err := fs.ReadFile(Default(), p)
		if err != nil {
			return err
		}
		tpl, err := splitFrontMatter(p, src)
		if err != nil {
			return err
		}
		out[strings.TrimSuffix(path.Base(p), ".html")] = tpl
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", dir, err)
	}
	if len(out) == 0 {
		t.Fatalf("%s: no templates", dir)
	}
	return out
}

func TestDefaultHasThemeFiles(t *testing.T) {
	for _, name := range []string{
		"_layouts/default.html", "_layouts/home.html", "_layouts/post.html",
		"_layouts/page.html", "_layouts/tag.html", "_layouts/category.html",
		"_layouts/tags.html", "_layouts/categories.html", "_layouts/archive.html",
		"_layouts/author.html", "_layouts/404.html",
		"_includes/head.html", "_includes/header.html", "_includes/footer.html",
		"_includes/post-list.html", "_includes/post-meta.html", "_includes/tags.html",
		"_includes/pagination.html",
		"assets/css/style.css", "assets/css/syntax.css",
	} {
		if _, err := fs.Stat(Default(), name); err != nil {
			t.Errorf("Default() lacks %s: %v", name, err)
		}
	}
}

// noop stands in for tags whose output doesn't matter to these tests.
func noop(render.Context) (string, error) { return "", nil }

// parseEngine knows the names of the Jekyll tags the theme uses, so that
// parsing fails only on a real syntax error.
func parseEngine() *liquid.Engine {
	e := liquid.NewEngine()
	for _, name := range []string{"seo", "feed_meta", "include", "link", "post_url"} {
		e.RegisterTag(name, noop)
	}
	e.RegisterBlock("highlight", noop)
	return e
}

func TestTemplatesParse(t *testing.T) {
	e := parseEngine()
	for _, dir := range []string{"_layouts", "_includes"} {
		for _, tpl := range loadDir(t, dir) {
			t.Run(tpl.path, func(t *testing.T) {
				if _, err := e.ParseTemplateLocation([]byte(tpl.body), tpl.path, tpl.bodyLine); err != nil {
					t.Errorf("parse: %v", err)
				}
			})
		}
	}
}

func TestLayoutChain(t *testing.T) {
	layouts := loadDir(t, "_layouts")
	for name, tpl := range layouts {
		// A whole document of its own (the broadcast email) is not
		// part of the site's chrome and chains to nothing.
		if standalone := strings.HasPrefix(strings.ToLower(strings.TrimSpace(tpl.body)), "<!doctype"); standalone && name != "default" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			seen := map[string]bool{}
			for cur := name; ; {
				if seen[cur] {
					t.Fatalf("layout cycle through %q", cur)
				}
				seen[cur] = true
				parent, _ := layouts[cur].front["layout"].(string)
				if parent == "" {
					if cur != "default" {
						t.Errorf("chain from %s ends at %s, want default", name, cur)
					}
					return
				}
				if _, ok := layouts[parent]; !ok {
					t.Fatalf("%s: layout %q does not exist", layouts[cur].path, parent)
				}
				cur = parent
			}
		})
		if name != "default" && !strings.Contains(tpl.body, "{{ content }}") {
			t.Errorf("%s: never outputs {{ content }}", tpl.path)
		}
	}
	if !strings.Contains(layouts["default"].body, "{{ content }}") {
		t.Errorf("default.html: never outputs {{ content }}")
	}
}

// renderer renders layouts the way the builder does, with stand-ins for the
// Jekyll filters and a working {% include file key=value %}.
type renderer struct {
	t        *testing.T
	engine   *liquid.Engine
	layouts  map[string]template
	mu       sync.Mutex
	includes map[string]*liquid.Template
}

var includeArg = regexp.MustCompile(`(\w+)\s*=\s*("[^"]*"|'[^']*'|\S+)`)

func newRenderer(t *testing.T, baseurl string) *renderer {
	r := &renderer{t: t, layouts: loadDir(t, "_layouts"), includes: map[string]*liquid.Template{}}
	e := liquid.NewEngine()
	e.RegisterTag("seo", func(render.Context) (string, error) { return "<title>seo</title>", nil })
	e.RegisterTag("feed_meta", func(render.Context) (string, error) {
		return `<link rel="alternate" type="application/atom+xml" href="/feed.xml">`, nil
	})
	e.RegisterTag("include", r.include)
	// Jekyll's filters as the builder registers them, with a plain
	// slugify and markdownify standing in for content's and goldmark's.
	shineliquid.Register(e, shineliquid.Env{
		URL:     "https://example.com",
		BaseURL: baseurl,
		Slugify: func(s, mode string, cased bool) string {
			return strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(s), "-"), "-")
		},
		Markdownify: func(s string) (string, error) { return "<p>" + s + "</p>", nil },
	})
	r.engine = e
	return r
}

func (r *renderer) include(ctx render.Context) (string, error) {
	args := strings.TrimSpace(ctx.TagArgs())
	name, rest, _ := strings.Cut(args, " ")
	params := map[string]any{}
	for _, m := range includeArg.FindAllStringSubmatch(rest, -1) {
		v, err := ctx.EvaluateString(m[2])
		if err != nil {
			return "", fmt.Errorf("include %s: %s: %w", name, m[1], err)
		}
		params[m[1]] = v
	}
	r.mu.Lock()
	tpl, ok := r.includes[name]
	if !ok {
		src, err := fs.ReadFile(Default(), "_includes/"+name)
		if err != nil {
			r.mu.Unlock()
			return "", fmt.Errorf("include %s: %w", name, err)
		}
		var perr liquid.SourceError
		tpl, perr = r.engine.ParseTemplateLocation(src, "_includes/"+name, 1)
		if perr != nil {
			r.mu.Unlock()
			return "", perr
		}
		r.includes[name] = tpl
	}
	r.mu.Unlock()
	b := map[string]any{}
	for k, v := range ctx.Bindings() {
		b[k] = v
	}
	b["include"] = params
	out, err := tpl.Render(b)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// render renders content through layout and its parents, as Jekyll does.
func (r *renderer) render(layout string, bindings map[string]any, content string) string {
	r.t.Helper()
	for layout != "" {
		tpl, ok := r.layouts[layout]
		if !ok {
			r.t.Fatalf("no layout %q", layout)
		}
		b := map[string]any{}
		for k, v := range bindings {
			b[k] = v
		}
		b["content"] = content
		b["layout"] = tpl.front
		out, err := r.engine.ParseAndRender([]byte(tpl.body), b)
		if err != nil {
			r.t.Fatalf("render %s: %v", tpl.path, err)
		}
		content = string(out)
		layout, _ = tpl.front["layout"].(string)
	}
	return content
}

// voidElements never have a closing tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

var htmlTag = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>`)

// checkBalanced reports elements opened and not closed, or closed out of
// order: the mistakes a template's if/for can make.
func checkBalanced(html string) error {
	html = regexp.MustCompile(`(?s)<!--.*?-->`).ReplaceAllString(html, "")
	var stack []string
	for _, m := range htmlTag.FindAllStringSubmatch(html, -1) {
		name := strings.ToLower(m[2])
		if voidElements[name] {
			continue
		}
		if m[1] == "" {
			stack = append(stack, name)
			continue
		}
		if len(stack) == 0 || stack[len(stack)-1] != name {
			return fmt.Errorf("</%s> closes %v", name, stack)
		}
		stack = stack[:len(stack)-1]
	}
	if len(stack) > 0 {
		return fmt.Errorf("unclosed %v", stack)
	}
	return nil
}

func date(s string) time.Time {
	d, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return d
}

// Posts shaped like the builder's, newest first. gems follows the seed post.
var (
	gems = map[string]any{
		"title":        "Amazon Gems",
		"subtitle":     "there is a broadcast list recorded 10yrs ago called Amazon Gems, they still shine today",
		"author":       "tanchao",
		"date":         date("2022-01-20 22:35"),
		"url":          "/supertan/2022/01/20/amazon-gems.html",
		"id":           "/supertan/2022/01/20/amazon-gems",
		"tags":         []string{"supertan"},
		"categories":   []string{"supertan"},
		"excerpt":      "<h2 id=\"mechanisms\">Mechanisms</h2>\n",
		"content":      "<h2 id=\"mechanisms\">Mechanisms</h2>\n<p>There are some good habits that I learnt at Amazon.</p>\n<pre><code>4. Why can’t the &lt;live VersionSet&gt; be fixed?\n</code></pre>\n",
		"reading_time": 9,
	}
	bare = map[string]any{
		"title":   "A & B",
		"date":    date("2021-06-01 09:00"),
		"url":     "/2021/06/01/bare.html",
		"excerpt": "<p>Just a few words of a bare post, with no subtitle, author or tags at all.</p>",
		"content": "<p>Just a few words of a bare post, with no subtitle, author or tags at all.</p>",
	}
	older = map[string]any{
		"title":        "Older <post>",
		"date":         date("2021-01-02 10:00"),
		"url":          "/2021/01/02/older.html",
		"tags":         []string{"Go", "supertan"},
		"categories":   []string{},
		"excerpt":      "<p>An older post, about Go and other things worth a paragraph of excerpt.</p>",
		"content":      "<p>An older post, about Go and other things worth a paragraph of excerpt.</p>",
		"reading_time": 1,
	}
	long = map[string]any{
		"title":   "Long",
		"date":    date("2020-05-05 05:05"),
		"url":     "/2020/05/05/long.html",
		"excerpt": "<p>" + strings.Repeat("word ", 60) + "</p>",
		"content": "<p>" + strings.Repeat("word ", 60) + "</p>",
	}
	allPosts = []any{gems, bare, older}
)

func testSite(withArchive bool) map[string]any {
	s := map[string]any{
		"title":       "Super Tan",
		"description": "Notes & things",
		"url":         "https://example.com",
		"baseurl":     "/blog",
		"author":      map[string]any{"name": "Chao Tan"},
		"time":        date("2026-03-01 12:00"),
		"posts":       allPosts,
		"pages": []any{
			map[string]any{"title": "About", "url": "/about/", "nav": true},
			map[string]any{"title": "Hidden", "url": "/hidden/"},
			map[string]any{"url": "/untitled/", "nav": true},
		},
		// The builder gives site.tags as a yaml.MapSlice in Jekyll's
		// order: names as they first appear, oldest post first.
		"tags":       yamlv2.MapSlice{{Key: "Go", Value: []any{older}}, {Key: "supertan", Value: []any{gems, older}}},
		"categories": yamlv2.MapSlice{{Key: "supertan", Value: []any{gems}}},
		"data": map[string]any{
			"authors": map[string]any{"tanchao": map[string]any{"name": "Chao Tan", "bio": "Engineer."}},
		},
	}
	if withArchive {
		s["archive"] = []any{
			map[string]any{"year": 2022, "posts": []any{gems}},
			map[string]any{"year": 2021, "posts": []any{bare, older}},
		}
	}
	return s
}

func merge(m map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

func TestLayoutsRender(t *testing.T) {
	tests := []struct {
		name      string
		layout    string
		site      map[string]any
		page      map[string]any
		paginator map[string]any
		content   string
		want      []string
		notWant   []string
	}{
		{
			name:   "post with everything",
			layout: "post",
			page:   merge(gems, "previous", older, "next", nil),
			content: `<ol><li>COE<ol><li>5-WHYs</li></ol></li></ol>
<div class="highlight"><pre class="chroma"><code><span class="line"><span class="cl">x</span></span></code></pre></div>`,
			want: []string{
				"<!doctype html>", `<html lang="en">`, `<meta name="viewport"`,
				`href="/blog/assets/css/style.css"`, `href="/blog/assets/css/syntax.css"`,
				`<h1 class="post-title p-name">Amazon Gems</h1>`,
				`<p class="post-subtitle">there is a broadcast list`,
				`datetime="2022-01-20T22:35:00+00:00">Jan 20, 2022</time>`,
				`href="/blog/authors/tanchao/">Chao Tan</a>`,
				"9 min read",
				`href="/blog/tags/supertan/">supertan</a>`,
				`href="/blog/categories/supertan/">supertan</a>`,
				`rel="prev" href="/blog/2021/01/02/older.html"`,
				`Older &lt;post&gt;`,
				`<a href="/blog/about/">About</a>`,
				`&copy; 2026 Chao Tan`,
			},
			notWant: []string{`rel="next"`, "Hidden", "/untitled/"},
		},
		{
			name:    "post with nothing optional",
			layout:  "post",
			site:    merge(testSite(true), "author", "Solo Writer", "lang", "fr", "time", nil, "description", nil),
			page:    merge(bare, "next", gems),
			content: "<p>Body.</p>",
			want: []string{
				`<html lang="fr">`, "A &amp; B", `rel="next" href="/blog/supertan/2022/01/20/amazon-gems.html"`,
				"Solo Writer",
			},
			notWant: []string{
				"post-subtitle", "/authors/", "min read", `class="tags"`, "post-footer",
				`rel="prev"`, "&copy;", "Filed under",
			},
		},
		{
			name:   "home without paginator lists every post",
			layout: "home",
			page:   map[string]any{"url": "/"},
			want: []string{
				`href="/blog/supertan/2022/01/20/amazon-gems.html">Amazon Gems</a>`,
				`<p class="post-list__subtitle">there is a broadcast list`,
				// gems' excerpt is only a heading, so the list uses the post's start.
				`<p class="post-list__excerpt p-summary">There are some good habits that I learnt at Amazon.</p>`,
				"Just a few words of a bare post",
				`href="/blog/tags/go/">Go</a>`,
			},
			notWant: []string{"home__intro", `class="pagination"`, "page-title", "Mechanisms\nThere"},
		},
		{
			name:      "home with paginator",
			layout:    "home",
			page:      map[string]any{"url": "/page2/", "title": "Welcome"},
			content:   "<p>Hello there.</p>",
			paginator: map[string]any{"posts": []any{bare}, "page": 2, "per_page": 1, "total_posts": 3, "total_pages": 3, "previous_page": 1, "previous_page_path": "/", "next_page": 3, "next_page_path": "/page3/"},
			want: []string{
				`<h1 class="page-title">Welcome</h1>`, "<p>Hello there.</p>",
				"A &amp; B", `href="/blog/">← Newer posts`, `href="/blog/page3/">Older posts →`, "Page 2 of 3",
			},
			notWant: []string{"Amazon Gems</a></h2>"},
		},
		{
			name:   "page",
			layout: "page",
			page:   map[string]any{"title": "About", "url": "/about/"},
			want: []string{
				`<h1 class="page-title">About</h1>`, "<p>About me.</p>",
				`<a href="/blog/about/" aria-current="page">About</a>`,
			},
			content: "<p>About me.</p>",
			notWant: []string{"page-subtitle"},
		},
		{
			name:    "tag",
			layout:  "tag",
			page:    map[string]any{"title": "supertan", "tag": "supertan", "url": "/tags/supertan/", "posts": []any{gems, older}},
			want:    []string{`<h1 class="page-title">supertan</h1>`, "2 posts", "Amazon Gems", "Older &lt;post&gt;"},
			notWant: []string{"excerpt....", "excerpt.…"},
		},
		{
			name:   "category",
			layout: "category",
			page:   map[string]any{"title": "supertan", "category": "supertan", "url": "/categories/supertan/", "posts": []any{gems}},
			want:   []string{`<h1 class="page-title">supertan</h1>`, "1 post<", "Amazon Gems"},
		},
		{
			name:   "tag index",
			layout: "tags",
			page:   map[string]any{"title": "Tags", "url": "/tags/"},
			want: []string{
				`href="/blog/tags/go/">Go <span class="tag__count">1</span>`,
				`href="/blog/tags/supertan/">supertan <span class="tag__count">2</span>`,
				`<a href="/blog/tags/" aria-current="page">Tags</a>`,
			},
		},
		{
			name:   "category index",
			layout: "categories",
			page:   map[string]any{"title": "Categories", "url": "/categories/"},
			want:   []string{`href="/blog/categories/supertan/">supertan</a>`, `<span class="archive-group__count">1</span>`, "Jan 20, 2022"},
		},
		{
			name:   "archive from site.archive",
			layout: "archive",
			page:   map[string]any{"title": "Archive", "url": "/archive/"},
			want: []string{
				`id="y2022"`, `id="y2021"`, `2021 <span class="archive-group__count">2</span>`,
				`>Jun 1</time>`, `<a href="/blog/archive/" aria-current="page">Archive</a>`,
			},
		},
		{
			name:   "archive from site.posts",
			layout: "archive",
			site:   testSite(false),
			page:   map[string]any{"title": "Archive", "url": "/archive/"},
			want:   []string{`id="y2022"`, `id="y2021"`, `>Jan 2</time>`},
		},
		{
			name:   "author with profile",
			layout: "author",
			page: map[string]any{"title": "Chao Tan", "author": "tanchao", "url": "/authors/tanchao/", "posts": []any{gems},
				"profile": map[string]any{"name": "Chao Tan", "bio": "Engineer.", "url": "https://tanchao.example", "avatar": "/img/me.png"}},
			want: []string{`<h1 class="page-title p-name">Chao Tan</h1>`, "<p>Engineer.</p>", `src="/blog/img/me.png"`, ">tanchao.example</a>", "Posts by Chao Tan"},
		},
		{
			name:    "author without profile",
			layout:  "author",
			page:    map[string]any{"title": "ghost", "author": "ghost", "url": "/authors/ghost/", "posts": []any{}},
			want:    []string{`<h1 class="page-title p-name">ghost</h1>`, "No posts yet."},
			notWant: []string{"author__avatar", "author__bio", "author__url"},
		},
		{
			name:   "404",
			layout: "404",
			page:   map[string]any{"url": "/404.html"},
			want:   []string{"Page not found", `href="/blog/"`, "Recent posts", "Amazon Gems"},
		},
		{
			name:   "empty site",
			layout: "home",
			site:   merge(testSite(true), "posts", []any{}, "tags", map[string]any{}, "archive", []any{}),
			page:   map[string]any{"url": "/"},
			want:   []string{"No posts yet."},
		},
	}
	r := newRenderer(t, "/blog")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r.t = t
			site := tt.site
			if site == nil {
				site = testSite(true)
			}
			b := map[string]any{"site": site, "page": tt.page}
			if tt.paginator != nil {
				b["paginator"] = tt.paginator
			}
			got := r.render(tt.layout, b, tt.content)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("output has %q", w)
				}
			}
			if err := checkBalanced(got); err != nil {
				t.Errorf("unbalanced HTML: %v", err)
			}
			if t.Failed() {
				t.Logf("output:\n%s", got)
			}
		})
	}
}

// The theme loads nothing from other hosts: no scripts, fonts or imports.
// Its own scripts (the search page's) come from the site itself.
func TestNoExternalResources(t *testing.T) {
	bad := regexp.MustCompile(`(?i)<script[^>]+src="(https?:)?//|<script[^>]+src="[^"{]|@import|url\(\s*['"]?(https?:)?//|<link[^>]+href="(https?:)?//|@font-face`)
	err := fs.WalkDir(Default(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(Default(), p)
		if err != nil {
			return err
		}
		if m := bad.Find(b); m != nil {
			t.Errorf("%s: loads an outside resource: %q", p, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	css, err := fs.ReadFile(Default(), "assets/css/syntax.css")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(css, []byte("@media (prefers-color-scheme: dark)")) || !bytes.Contains(css, []byte(".highlight .k")) {
		t.Errorf("syntax.css lacks the dark style or the .highlight selectors")
	}
}
