package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	neturl "net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v2"

	"github.com/shine-blog/shine/content"
)

// generated makes the pages no source file stands for: pagination, tag,
// category and author pages, the archive, the feed, the sitemap,
// robots.txt, a 404 page and redirects. A source file at the same output
// path always wins.
func (b *engine) generated(docs, sitePages []*page) []*page {
	s := b.site
	cfg := &s.Config
	taken := map[string]bool{}
	for _, p := range docs {
		taken[p.dest] = true
	}
	var pages []*page
	for _, d := range s.Pages {
		taken[d.Dest] = true
	}
	for _, f := range s.Static {
		taken[f.Dest] = true
	}
	add := func(p *page) {
		if p == nil || taken[p.dest] {
			return
		}
		taken[p.dest] = true
		pages = append(pages, p)
	}
	native := s.UsesTheme

	posts, _ := b.siteMap["posts"].([]any)
	if cfg.Paginate > 0 && s.PluginEnabled("jekyll-paginate") {
		for _, p := range b.paginate(posts) {
			pages = append(pages, p)
			taken[p.dest] = true
		}
	}
	first, later, err := b.octopaginate()
	b.genErr = err
	pages = append(pages, first...)
	for _, p := range later {
		add(p)
	}
	for _, p := range b.archives(native) {
		add(p)
	}
	if native {
		for _, p := range b.authorPages() {
			add(p)
		}
		add(b.listPage("archive", "/archive/", "Archive", nil))
		add(b.listPage("tags", "/tags/", "Tags", nil))
		add(b.listPage("categories", "/categories/", "Categories", nil))
		if _, ok := s.Layouts["404"]; ok {
			p := b.listPage("404", "/404.html", "Page not found", nil)
			p.data["sitemap"] = false
			add(p)
		}
	}
	for _, p := range b.broadcastPages(docs) {
		add(p)
	}
	for _, p := range b.wikiPages(docs) {
		add(p)
	}
	add(b.searchPage())
	if s.PluginEnabled("jekyll-redirect-from") {
		redirects, all := b.redirects()
		for _, p := range redirects {
			add(p)
		}
		if len(all) > 0 && redirectsJSONWanted(cfg) {
			add(redirectsJSON(all))
		}
	}
	if s.PluginEnabled("jekyll-feed") {
		for _, p := range b.feedPages() {
			add(p)
		}
	}
	if s.PluginEnabled("jekyll-sitemap") {
		all := append(append(append([]*page(nil), docs...), sitePages...), pages...)
		sm := b.sitemapPage(all)
		add(sm)
		add(b.robotsPage())
	}
	return pages
}

// listPage is a generated page rendered by a layout, with no body.
func (b *engine) listPage(layout, url, title string, extra map[string]any) *page {
	data := map[string]any{"title": title, "url": url, "layout": layout, "content": ""}
	for k, v := range extra {
		data[k] = v
	}
	return &page{path: "(generated " + url + ")", dest: content.DestPath(url, ".html"), data: data, layout: layout}
}

// paginate is jekyll-paginate: the root index page, repeated with a
// paginator per page of posts, at paginate_path from page 2 on.
func (b *engine) paginate(posts []any) []*page {
	cfg := &b.site.Config
	var index *content.Document
	for _, d := range b.site.Pages {
		if d.Path == "index.html" || (!cfg.HasPlugins && (d.Path == "index.md" || d.Path == "index.markdown")) {
			index = d
			break
		}
	}
	if index == nil {
		return nil
	}
	b.paginated[index] = true
	per := cfg.Paginate
	total := (len(posts) + per - 1) / per
	if total == 0 {
		total = 1
	}
	pathOf := func(n int) string {
		if n == 1 {
			return index.URL
		}
		p := strings.ReplaceAll(cfg.PaginatePath, ":num", strconv.Itoa(n))
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
		return p
	}
	var out []*page
	for n := 1; n <= total; n++ {
		lo, hi := (n-1)*per, n*per
		if hi > len(posts) {
			hi = len(posts)
		}
		pg := map[string]any{
			"page": n, "per_page": per, "posts": posts[lo:hi], "total_posts": len(posts), "total_pages": total,
			"previous_page": nil, "previous_page_path": nil, "next_page": nil, "next_page_path": nil,
		}
		if n > 1 {
			pg["previous_page"] = n - 1
			pg["previous_page_path"] = pathOf(n - 1)
		}
		if n < total {
			pg["next_page"] = n + 1
			pg["next_page_path"] = pathOf(n + 1)
		}
		p := b.docPage(index)
		p.paginator = pg
		if n > 1 {
			u := pathOf(n)
			if !strings.HasSuffix(u, "/") && !strings.HasSuffix(u, ".html") {
				u += "/"
			}
			p.data["url"] = u
			p.dest = content.DestPath(u, ".html")
			p.path = fmt.Sprintf("%s (page %d)", index.Path, n)
		}
		out = append(out, p)
	}
	return out
}

// archives are jekyll-archives' tag and category pages. A site without a
// plugins list gets them at /tags/NAME/ and /categories/NAME/.
func (b *engine) archives(native bool) []*page {
	cfg := &b.site.Config
	type kind struct {
		name, plural, layout, permalink string
	}
	kinds := []kind{{"tag", "tags", "tag", "/tags/:name/"}, {"category", "categories", "category", "/categories/:name/"}}
	enabled := map[string]bool{}
	if native {
		enabled["tags"], enabled["categories"] = true, true
	}
	ac, plugin := cfg.Raw["jekyll-archives"].(map[string]any)
	plugin = plugin && b.site.PluginEnabled("jekyll-archives")
	if plugin {
		enabled = map[string]bool{}
		switch e := ac["enabled"].(type) {
		case string:
			if e == "all" {
				enabled["tags"], enabled["categories"] = true, true
			}
		case []any:
			for _, v := range e {
				if s, ok := v.(string); ok {
					enabled[s] = true
				}
			}
		}
		jekyllDefaults := map[string]string{"tag": "/tag/:name/", "category": "/category/:name/"}
		for i := range kinds {
			k := &kinds[i]
			k.permalink = jekyllDefaults[k.name]
			k.layout = "archive"
			if l, ok := ac["layout"].(string); ok {
				k.layout = l
			}
			if ls, ok := ac["layouts"].(map[string]any); ok {
				if l, ok := ls[k.name].(string); ok {
					k.layout = l
				}
			}
			if ps, ok := ac["permalinks"].(map[string]any); ok {
				if p, ok := ps[k.name].(string); ok {
					k.permalink = p
				}
			}
		}
	}
	var out []*page
	for _, k := range kinds {
		if !enabled[k.plural] {
			continue
		}
		if _, ok := b.site.Layouts[k.layout]; !ok {
			continue
		}
		for _, item := range b.siteMap[k.plural].(yaml.MapSlice) {
			name := fmt.Sprint(item.Key)
			url := strings.ReplaceAll(k.permalink, ":name", content.Slugify(name, "default", false))
			extra := map[string]any{k.name: name, "posts": item.Value, "type": k.name}
			if plugin {
				// jekyll-archives' page path is where it writes the page.
				p := archivePath(url)
				extra["path"], extra["name"] = p, strings.TrimSuffix(path.Base(p), path.Ext(p))
			}
			out = append(out, b.listPage(k.layout, url, name, extra))
		}
	}
	return out
}

// archivePath is jekyll-archives' relative_path of the page at url: the
// unescaped URL without its leading slash, index.html after a final one.
func archivePath(url string) string {
	if u, err := neturl.PathUnescape(url); err == nil {
		url = u
	}
	p := strings.TrimPrefix(url, "/")
	if strings.HasSuffix(url, "/") {
		p += "index.html"
	}
	return p
}

// authorPages lists each author's posts at /authors/NAME/, with the
// profile from _data/authors.yml when there is one.
func (b *engine) authorPages() []*page {
	if _, ok := b.site.Layouts["author"]; !ok {
		return nil
	}
	profiles, _ := b.site.Data["authors"].(map[string]any)
	posts, _ := b.siteMap["posts"].([]any)
	byAuthor := map[string][]any{}
	var names []string
	for _, p := range posts {
		for _, a := range authorsOf(p.(map[string]any)) {
			if _, ok := byAuthor[a]; !ok {
				names = append(names, a)
			}
			byAuthor[a] = append(byAuthor[a], p)
		}
	}
	sort.Strings(names)
	var out []*page
	for _, a := range names {
		title := a
		profile, _ := profiles[a].(map[string]any)
		if n, ok := profile["name"].(string); ok && n != "" {
			title = n
		}
		url := "/authors/" + content.Slugify(a, "default", false) + "/"
		out = append(out, b.listPage("author", url, title, map[string]any{
			"author": a, "profile": profile, "posts": byAuthor[a],
		}))
	}
	return out
}

func authorsOf(post map[string]any) []string {
	var out []string
	switch a := post["author"].(type) {
	case string:
		if a != "" {
			out = append(out, a)
		}
	}
	if l, ok := post["authors"].([]any); ok {
		for _, a := range l {
			if s, ok := a.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// redirect is one old URL and where it now points.
type redirect struct{ from, to string }

// redirects are jekyll-redirect-from's pages: one per redirect_from entry,
// sending the reader to the document's URL, rendered by the redirect
// layout (the site's own, or the plugin's). all lists every redirect in
// the plugin's order, with the redirect_to documents (which content has
// turned into redirect pages already): posts and documents, then pages.
func (b *engine) redirects() (pages []*page, all []redirect) {
	cfg := &b.site.Config
	_, hasLayout := b.site.Layouts["redirect"]
	each := func(d *content.Document) {
		var from []string
		switch v := d.Data["redirect_from"].(type) {
		case string:
			from = []string{v}
		case []any:
			for _, e := range v {
				if s, ok := e.(string); ok {
					from = append(from, s)
				}
			}
		}
		to := cfg.AbsoluteURL(b.redirectTarget(d))
		for _, f := range from {
			u := "/" + strings.TrimPrefix(f, "/")
			r := map[string]any{"from": u, "to": to}
			p := &page{
				path:   d.Path + " (redirect_from " + f + ")",
				dest:   content.DestPath(u, ".html"),
				data:   map[string]any{"url": u, "sitemap": false, "layout": "redirect", "redirect": r, "content": ""},
				layout: "redirect",
			}
			if !hasLayout {
				p.layout, p.raw = "", func() ([]byte, error) { return redirectHTML(to), nil }
			}
			pages = append(pages, p)
			all = append(all, redirect{u, to})
		}
		if r, ok := d.Data["redirect"].(map[string]any); ok && d.Layout == "redirect" {
			from, _ := r["from"].(string)
			to, _ := r["to"].(string)
			all = append(all, redirect{from, to})
		}
	}
	for _, d := range b.site.Posts {
		each(d)
	}
	labels := make([]string, 0, len(b.site.Collections))
	for label := range b.site.Collections {
		labels = append(labels, label)
	}
	sort.Strings(labels)
	for _, label := range labels {
		for _, d := range b.site.Collections[label] {
			each(d)
		}
	}
	for _, d := range b.site.Pages {
		each(d)
	}
	return pages, all
}

// redirectsJSONWanted is false when the config sets redirect_from: {json: false}.
func redirectsJSONWanted(cfg *content.Config) bool {
	if rf, ok := cfg.Raw["redirect_from"].(map[string]any); ok {
		if v, ok := rf["json"].(bool); ok && !v {
			return false
		}
	}
	return true
}

// redirectsJSON is jekyll-redirect-from's redirects.json: every old path
// and where it now points, in the order the plugin found them (a later
// one of the same path keeps the first one's place, as in a Ruby hash).
func redirectsJSON(all []redirect) *page {
	return &page{path: "(generated redirects.json)", dest: "redirects.json", data: map[string]any{"url": "/redirects.json", "sitemap": false},
		raw: func() ([]byte, error) {
			index := map[string]int{}
			var keys, values []string
			for _, r := range all {
				if i, ok := index[r.from]; ok {
					values[i] = r.to
					continue
				}
				index[r.from] = len(keys)
				keys = append(keys, r.from)
				values = append(values, r.to)
			}
			var w bytes.Buffer
			w.WriteByte('{')
			for i, k := range keys {
				if i > 0 {
					w.WriteByte(',')
				}
				writeJSONString(&w, k)
				w.WriteByte(':')
				writeJSONString(&w, values[i])
			}
			w.WriteByte('}')
			return w.Bytes(), nil
		}}
}

// writeJSONString writes s as Ruby's to_json does: <, > and & as they are.
func writeJSONString(w *bytes.Buffer, s string) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	w.Truncate(w.Len() - 1) // the newline Encode adds
}

func redirectHTML(to string) []byte {
	t := esc(to)
	return []byte(`<!DOCTYPE html>
<html lang="en-US">
  <meta charset="utf-8">
  <title>Redirecting&hellip;</title>
  <link rel="canonical" href="` + t + `">
  <script>location="` + t + `"</script>
  <meta http-equiv="refresh" content="0; url=` + t + `">
  <meta name="robots" content="noindex">
  <h1>Redirecting&hellip;</h1>
  <a href="` + t + `">Click here if you are not redirected.</a>
</html>
`)
}

// sitemapPage is jekyll-sitemap's sitemap.xml: documents with output,
// HTML pages and HTML or PDF static files, except those that opt out.
func (b *engine) sitemapPage(all []*page) *page {
	cfg := &b.site.Config
	abs := func(u string) string { return cfg.URL + cfg.BaseURL + strings.TrimSuffix(u, "index.html") }
	return &page{path: "(generated sitemap.xml)", dest: "sitemap.xml", data: map[string]any{"url": "/sitemap.xml"},
		tracked: true, sitemap: true,
		raw: func() ([]byte, error) {
			var w bytes.Buffer
			w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
			w.WriteString(`<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd" xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
			seen := map[string]bool{}
			entry := func(loc string, mod time.Time) {
				if seen[loc] {
					return
				}
				seen[loc] = true
				fmt.Fprintf(&w, "<url>\n<loc>%s</loc>\n", esc(loc))
				if !mod.IsZero() {
					fmt.Fprintf(&w, "<lastmod>%s</lastmod>\n", mod.Format(xmlSchema))
				}
				w.WriteString("</url>\n")
			}
			for _, p := range all {
				if v, ok := p.data["sitemap"].(bool); ok && !v {
					continue
				}
				u, _ := p.data["url"].(string)
				if p.doc != nil && p.doc.Collection != "" {
					mod := p.doc.Date
					if t, ok := p.data["last_modified_at"].(time.Time); ok {
						mod = t
					}
					entry(abs(u), mod)
					continue
				}
				if !strings.HasSuffix(p.dest, ".html") || u == "/404.html" || p.raw != nil {
					continue
				}
				var mod time.Time
				if t, ok := p.data["last_modified_at"].(time.Time); ok {
					mod = t
				}
				entry(abs(u), mod)
			}
			for _, f := range b.site.Static {
				switch strings.ToLower(path.Ext(f.Path)) {
				case ".html", ".htm", ".xhtml", ".pdf":
					if !strings.HasSuffix(f.Path, "404.html") {
						entry(abs("/"+f.Dest), f.ModTime.In(cfg.Location))
					}
				}
			}
			w.WriteString("</urlset>\n")
			return w.Bytes(), nil
		}}
}

func (b *engine) robotsPage() *page {
	cfg := &b.site.Config
	return &page{path: "(generated robots.txt)", dest: "robots.txt", data: map[string]any{"url": "/robots.txt"},
		tracked: true, // only the config, which a full build follows
		raw: func() ([]byte, error) {
			return []byte("Sitemap: " + cfg.URL + cfg.BaseURL + "/sitemap.xml\n"), nil
		}}
}
