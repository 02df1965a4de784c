package site

import (
	"path"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v2"

	"github.com/shine-blog/shine/content"
)

// plan makes a page for every document and the Liquid site variable that
// lists them. docs are posts and collection documents (converted first);
// pages are the site's pages.
func (b *engine) plan() (docs, pages []*page) {
	s := b.site
	cfg := &s.Config
	b.siteMap = make(map[string]any, len(cfg.Raw)+16)
	for k, v := range cfg.Raw {
		b.siteMap[k] = v
	}
	b.siteMap["time"] = s.Time
	b.siteMap["data"] = s.Data
	if b.github != nil {
		githubSite(b.siteMap, b.github)
	}

	// Posts: newest first in site.posts, as Jekyll gives them to Liquid.
	postMaps := make([]any, len(s.Posts))
	for i, d := range s.Posts {
		p := b.pageFor(d)
		docs = append(docs, p)
		postMaps[len(s.Posts)-1-i] = p.data
	}
	b.siteMap["posts"] = postMaps
	related := postMaps
	if len(related) > 10 {
		related = related[:10]
	}
	b.siteMap["related_posts"] = related

	b.unwritten = nil
	var collections []any
	allDocs := append([]any(nil), postMaps...)
	labels := make([]string, 0, len(cfg.Collections))
	for label := range cfg.Collections {
		labels = append(labels, label)
	}
	sort.Strings(labels)
	for _, label := range labels {
		cc := cfg.Collections[label]
		var list []any
		if label == "posts" {
			for i := len(postMaps) - 1; i >= 0; i-- {
				list = append(list, postMaps[i])
			}
		} else {
			for _, d := range s.Collections[label] {
				p := b.pageFor(d)
				if d.URL != "" {
					docs = append(docs, p)
				} else {
					b.unwritten = append(b.unwritten, p)
				}
				list = append(list, p.data)
			}
			b.siteMap[label] = list
			allDocs = append(allDocs, list...)
		}
		coll := map[string]any{
			"label": label, "docs": list, "output": cc.Output, "permalink": cc.Permalink,
			"relative_directory": "_" + label, "directory": path.Join(s.Source, "_"+label),
		}
		for k, v := range cc.Raw {
			if _, ok := coll[k]; !ok {
				coll[k] = v
			}
		}
		collections = append(collections, coll)
	}
	b.siteMap["collections"] = collections
	b.derived = derivedKeys(labels)
	b.wikiIndexMoved = b.setWikiIndex() || b.wikiIndexMoved
	b.siteMap["documents"] = allDocs

	var pageMaps, htmlPages []any
	for _, d := range s.Pages {
		p := b.pageFor(d)
		pages = append(pages, p)
		pageMaps = append(pageMaps, p.data)
		if content.IsHTML(d.OutputExt) {
			htmlPages = append(htmlPages, p.data)
		}
	}
	b.siteMap["pages"] = pageMaps
	b.siteMap["html_pages"] = htmlPages

	statics := make([]any, 0, len(s.Static))
	for _, f := range s.Static {
		statics = append(statics, staticMap(f, cfg.Location))
	}
	b.siteMap["static_files"] = statics

	b.siteMap["tags"] = groupPosts(s.Posts, docs, func(d *content.Document) []string { return d.Tags })
	b.siteMap["categories"] = groupPosts(s.Posts, docs, func(d *content.Document) []string { return d.Categories })
	b.siteMap["archive"] = archiveByYear(postMaps)
	b.planWiki(pages)
	return docs, pages
}

// pageFor is the page of a document: the one converted by the last
// build when the document has not changed since, else a new one.
func (b *engine) pageFor(d *content.Document) *page {
	if p, ok := b.reuse[d]; ok {
		p.fresh = false
		return p
	}
	p := b.docPage(d)
	p.fresh = true
	return p
}

// docPage makes the page of a document, with the Liquid variables Jekyll
// gives it.
func (b *engine) docPage(d *content.Document) *page {
	data := make(map[string]any, len(d.Data)+12)
	for k, v := range d.Data {
		data[k] = v
	}
	data["url"] = d.URL
	data["path"] = d.Path
	data["relative_path"] = d.Path
	data["name"] = path.Base(d.Path)
	data["dir"] = path.Dir(d.URL) + "/"
	if strings.HasSuffix(d.URL, "/") {
		data["dir"] = d.URL
	}
	if d.Collection != "" {
		data["collection"] = d.Collection
		slug := d.Slug
		data["id"] = path.Join(path.Dir(d.URL), slug)
		if strings.HasSuffix(d.URL, "/") {
			data["id"] = strings.TrimSuffix(d.URL, "/")
		}
		data["output_ext"] = d.OutputExt
		data["reading_time"] = readingTime(d.Body)
	}
	if _, ok := data["title"]; !ok && d.Title != "" {
		data["title"] = d.Title
	}
	liquidOn := true
	if v, ok := d.Data["render_with_liquid"].(bool); ok && !v {
		liquidOn = false
	}
	return &page{
		doc:      d,
		path:     d.Path,
		dest:     d.Dest,
		data:     data,
		layout:   d.Layout,
		body:     d.Body,
		bodyLine: d.BodyLine,
		markdown: d.Markdown,
		liquid:   liquidOn,
	}
}

// finishDocs links each post, and each document of the other
// collections, to its neighbours in its collection once all are
// converted, as Jekyll's page.previous and page.next.
func (b *engine) finishDocs(docs []*page) {
	byCollection := map[string][]*page{}
	for _, p := range docs {
		byCollection[p.doc.Collection] = append(byCollection[p.doc.Collection], p)
	}
	for _, list := range byCollection {
		for i, p := range list {
			p.data["previous"] = nil
			p.data["next"] = nil
			if i > 0 {
				p.data["previous"] = list[i-1].data
			}
			if i+1 < len(list) {
				p.data["next"] = list[i+1].data
			}
		}
	}
}

// groupPosts is Jekyll's post_attr_hash: names in the order they first
// appear, oldest post first; each list newest first. A yaml.MapSlice keeps
// that order for Liquid's for loops and still answers site.tags[name].
// pages starts with the posts' pages, in the same order (plan makes them so).
func groupPosts(posts []*content.Document, pages []*page, names func(*content.Document) []string) yaml.MapSlice {
	byDoc := func(i int) map[string]any { return pages[i].data }
	index := map[string]int{}
	var out yaml.MapSlice
	for _, d := range posts {
		for _, n := range names(d) {
			if _, ok := index[n]; !ok {
				index[n] = len(out)
				out = append(out, yaml.MapItem{Key: n, Value: []any{}})
			}
		}
	}
	lists := make([][]any, len(out))
	for i := len(posts) - 1; i >= 0; i-- {
		for _, n := range names(posts[i]) {
			j := index[n]
			lists[j] = append(lists[j], byDoc(i))
		}
	}
	for j := range out {
		if lists[j] == nil {
			lists[j] = []any{}
		}
		out[j].Value = lists[j]
	}
	return out
}

// archiveByYear groups posts (newest first) by year for site.archive.
func archiveByYear(posts []any) []any {
	var out []any
	var cur map[string]any
	for _, p := range posts {
		d, _ := p.(map[string]any)["date"].(time.Time)
		y := d.Year()
		if cur == nil || cur["year"] != y {
			cur = map[string]any{"year": y, "posts": []any{}}
			out = append(out, cur)
		}
		cur["posts"] = append(cur["posts"].([]any), p)
	}
	return out
}

func staticMap(f *content.StaticFile, loc *time.Location) map[string]any {
	ext := path.Ext(f.Path)
	base := path.Base(f.Path)
	m := map[string]any{
		"path":          "/" + f.Dest,
		"name":          base,
		"basename":      strings.TrimSuffix(base, ext),
		"extname":       ext,
		"modified_time": f.ModTime.In(loc),
	}
	if f.Collection != "" {
		m["collection"] = f.Collection
	}
	return m
}

// readingTime estimates minutes of reading at 200 words a minute.
func readingTime(body []byte) int {
	words, inWord := 0, false
	for _, c := range body {
		space := c == ' ' || c == '\n' || c == '\t' || c == '\r'
		if !space && !inWord {
			words++
		}
		inWord = !space
	}
	m := (words + 199) / 200
	if m < 1 {
		m = 1
	}
	return m
}

// setWikiIndex sets site.wiki_index, the URL of the generated wiki
// index (see wikiPages) when the site has one, else nil: a theme's nav
// links to it without reading site.wiki, which every wiki edit changes.
// It says whether the value changed since the engine's last plan.
func (b *engine) setWikiIndex() bool {
	var v any
	if _, ok := b.site.Layouts["wiki_index"]; ok {
		for _, d := range b.site.Collections[content.WikiLabel] {
			if d.URL != "" {
				v = "/wiki/"
				break
			}
		}
	}
	b.siteMap["wiki_index"] = v
	changed := b.planned && v != b.wikiIndex
	b.wikiIndex, b.planned = v, true
	return changed
}
