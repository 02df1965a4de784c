package site

import (
	"errors"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site/wiki"
)

// The wiki in a build: every page's [[wiki links]] resolve against an
// index of the wiki pages made at plan time; after the posts and
// documents are converted, the links of every page make the backlinks
// (page.backlinks) of the pages they point to and the broken-link
// report; the generated /wiki/ and /wiki/recent/ pages list the tree.

// wikiKey is the input a conversion reads when its Markdown has wiki
// links: the index of the wiki pages. Liquid names cannot hold a NUL, so
// no template reads it as a site key.
const wikiKey = "\x00wiki-index"

// pageLinks are the links of one page's body.
type pageLinks struct {
	doc    *content.Document // the version of the source they were found in
	wiki   []wiki.Found
	dests  []string
	linked bool // the link graph holds what they point to
}

// wikiState is the link graph of a builder's last plan.
type wikiState struct {
	ix           *wiki.Index
	pages        []wiki.Page // what ix indexes
	indexChanged bool        // the last planWiki made a different index
	changed      []*page     // pages whose backlinks changed in the last linking
	// treeStale and recentStale say the tree or the recent pages may
	// show something else after the last linking.
	treeStale, recentStale bool
	graph                  *linkGraph
	git                    map[string]time.Time
	gitRead                bool
	warnings               []string
	broken                 []*content.FileError
	errs                   []error // ambiguous links
}

// linkGraph is who links to whom in the last plan: what each page's
// links point to, and the pages that link to each page. A rebuild that
// keeps the plan changes it by the difference of the links of the pages
// that changed (relinkWiki), not by linking every page again.
type linkGraph struct {
	byURL map[string]*page // the plan's pages by linkKey of their URL
	out   map[*page]*outLinks
	in    map[*page]map[*page]struct{}
	back  map[string][]any    // page.backlinks of each page that has any, by output path
	at    map[*page]time.Time // page.changed of each wiki page
}

// outLinks is what one page's links point to, made from its links, its
// title (which its backlinks show) and where its body starts (which its
// errors name).
type outLinks struct {
	links   *pageLinks
	title   string
	line    int
	targets []*page // once each, in the order first linked
	broken  []*content.FileError
	errs    []error
}

// planWiki indexes the wiki pages, at plan time, before any conversion
// resolves a link, and finds the links of the site's Markdown pages
// (which are converted only when they render, after the backlinks they
// make must be known).
func (b *engine) planWiki(pages []*page) {
	ws := b.wiki
	if ws == nil {
		ws = &wikiState{}
		b.wiki = ws
	}
	base := b.site.Config.BaseURL
	docs := b.site.Collections[content.WikiLabel]
	wp := make([]wiki.Page, 0, len(docs))
	for _, d := range docs {
		if d.URL == "" {
			continue
		}
		wp = append(wp, wiki.Page{Path: wikiPath(d.Path), Title: d.Title, URL: base + d.URL})
	}
	// The strings of pages that did not change are the same strings:
	// comparing them is comparing pointers.
	ws.indexChanged = ws.ix == nil || !slices.Equal(wp, ws.pages)
	if ws.indexChanged {
		ws.ix, ws.pages = wiki.NewIndex(wp), wp
	}
	for _, p := range pages {
		if p.doc == nil || !p.markdown {
			continue
		}
		if p.links == nil || p.links.doc != p.doc || ws.indexChanged {
			r := wiki.Scan(p.body, ws.ix)
			p.links = &pageLinks{doc: p.doc, wiki: r.Links, dests: r.Dests}
		}
	}
	if !ws.gitRead && len(wp) > 0 {
		ws.git, ws.gitRead = gitDates(b.site.Source), true
	}
}

// wikiPath is a wiki page's path inside _wiki, without its extension.
func wikiPath(rel string) string {
	rel = strings.TrimPrefix(rel, "_"+content.WikiLabel+"/")
	return strings.TrimSuffix(rel, path.Ext(rel))
}

// converted is the last step of a body's conversion: a post or
// document keeps its links for the backlinks; a body with wiki links
// depends on the index; a page with toc: true gets its table of
// contents.
func (b *engine) converted(p *page, out string, links *wiki.Result) string {
	if links != nil {
		if len(links.Links) > 0 {
			p.cur.Key(wikiKey)
		}
		if p.doc != nil && p.doc.Collection != "" {
			p.links = &pageLinks{doc: p.doc, wiki: links.Links, dests: links.Dests}
		}
	}
	if on, _ := p.data["toc"].(bool); on && p.markdown {
		out = tableOfContents(out) + out
	}
	return out
}

// linkWiki makes every page's backlinks from the links of all pages,
// and the report of wiki links that point nowhere. An ambiguous link
// is an error. After a plan that follows another, the pages whose
// backlinks changed are in wikiState.changed.
func (b *engine) linkWiki(docs, pages []*page) error {
	ws := b.wiki
	if ws == nil {
		return nil
	}
	old := ws.graph
	g := &linkGraph{
		byURL: make(map[string]*page, len(docs)+len(pages)),
		out:   make(map[*page]*outLinks, len(docs)+len(pages)),
		in:    map[*page]map[*page]struct{}{},
		back:  map[string][]any{},
		at:    map[*page]time.Time{},
	}
	ws.graph = g
	for _, list := range [][]*page{docs, pages} {
		for _, p := range list {
			if p.doc != nil && p.doc.URL != "" && p.paginator == nil {
				g.byURL[linkKey(p.doc.URL)] = p
			}
		}
	}
	for _, list := range [][]*page{docs, pages} {
		for _, src := range list {
			if o := b.outLinks(src); o != nil {
				g.out[src] = o
				for _, t := range o.targets {
					g.linkFrom(t, src)
				}
			}
		}
	}
	ws.changed = ws.changed[:0]
	for _, list := range [][]*page{docs, pages} {
		for _, p := range list {
			if p.doc == nil || p.paginator != nil {
				continue
			}
			list := backlinkList(g.in[p])
			p.data["backlinks"] = list
			p.backlinked = p.doc
			if len(list) > 0 {
				g.back[p.dest] = list
			}
			if old != nil && !sameBacklinks(old.back[p.dest], list) {
				ws.changed = append(ws.changed, p)
			}
			if p.doc.Collection == content.WikiLabel {
				g.at[p] = b.changedAt(p.doc)
				p.data["changed"] = g.at[p]
			}
		}
	}
	ws.treeStale, ws.recentStale = true, true
	ws.report(docs, pages)
	return joinSorted(ws.errs)
}

// relinkWiki brings the link graph up to date after a rebuild that kept
// the plan (the same pages, each at its URL): only the pages whose links,
// title or first line changed are resolved again, and only the pages
// they link to, or linked to, get their backlinks made again. Pages
// whose Liquid map was made again (refill) get their backlinks and
// change time back.
func (b *engine) relinkWiki() error {
	ws := b.wiki
	if ws == nil {
		return nil
	}
	g := ws.graph
	if g == nil {
		return b.linkWiki(b.planDocs, b.planPages)
	}
	ws.changed = ws.changed[:0]
	ws.treeStale, ws.recentStale = ws.indexChanged, ws.indexChanged
	affected := map[*page]bool{}
	reported := false
	for _, list := range [][]*page{b.planDocs, b.planPages} {
		for _, src := range list {
			if src.doc == nil || src.paginator != nil {
				continue
			}
			// A page's map is made again (refill) when its document
			// changed, which is the only way its title and first line
			// change, or it was converted again: it then has no
			// backlinks (backlinked says whether it has, without a
			// lookup in each of the site's maps).
			kept := src.backlinked != nil && src.backlinked == src.doc
			if kept && (src.links == nil || src.links.linked) {
				continue // as the last linking found it
			}
			o := g.out[src]
			if (src.links != nil || o != nil) && (o == nil || o.links != src.links ||
				!kept && (o.line != src.bodyLine || o.title != pageTitle(src))) {
				n := b.outLinks(src)
				g.relink(src, o, n, affected)
				reported = reported || o.problems()+n.problems() > 0
			}
			if !kept && !affected[src] {
				list := g.back[src.dest]
				if list == nil {
					list = []any{}
				}
				src.data["backlinks"] = list
				src.backlinked = src.doc
			}
			if !kept && src.doc.Collection == content.WikiLabel {
				at := b.changedAt(src.doc)
				if prev, ok := g.at[src]; !ok || !prev.Equal(at) {
					ws.recentStale = true
				}
				g.at[src] = at
				src.data["changed"] = at
			}
		}
	}
	for t := range affected {
		list := backlinkList(g.in[t])
		t.data["backlinks"] = list
		t.backlinked = t.doc
		if !sameBacklinks(g.back[t.dest], list) {
			ws.changed = append(ws.changed, t)
		}
		if len(list) > 0 {
			g.back[t.dest] = list
		} else {
			delete(g.back, t.dest)
		}
	}
	sort.Slice(ws.changed, func(i, j int) bool { return ws.changed[i].dest < ws.changed[j].dest })
	if reported {
		ws.report(b.planDocs, b.planPages)
	}
	return joinSorted(ws.errs)
}

// outLinks resolves the links of src to the plan's pages.
func (b *engine) outLinks(src *page) *outLinks {
	if src.links == nil || src.paginator != nil {
		return nil
	}
	g := b.wiki.graph
	base := b.site.Config.BaseURL
	src.links.linked = true
	o := &outLinks{links: src.links, title: pageTitle(src), line: src.bodyLine}
	add := func(t *page) {
		if t != nil && t != src && !slices.Contains(o.targets, t) {
			o.targets = append(o.targets, t)
		}
	}
	for _, f := range src.links.wiki {
		line := src.bodyLine + f.Line - 1
		var amb *wiki.AmbiguousError
		switch {
		case f.Page != nil:
			add(g.byURL[linkKey(strings.TrimPrefix(f.Page.URL, base))])
		case errors.As(f.Err, &amb):
			o.errs = append(o.errs, &content.FileError{File: src.path, Line: line, Err: f.Err})
		case f.Err != nil:
			o.broken = append(o.broken, &content.FileError{File: src.path, Line: line, Err: f.Err})
		}
	}
	for _, d := range src.links.dests {
		if u, ok := localLink(d, base, src.doc.URL); ok {
			add(g.byURL[linkKey(u)])
		}
	}
	return o
}

// problems counts the broken and ambiguous links.
func (o *outLinks) problems() int {
	if o == nil {
		return 0
	}
	return len(o.broken) + len(o.errs)
}

func (g *linkGraph) linkFrom(t, src *page) {
	m := g.in[t]
	if m == nil {
		m = map[*page]struct{}{}
		g.in[t] = m
	}
	m[src] = struct{}{}
}

// relink replaces what src linked (o) with n, and notes the pages whose
// backlinks that may change: those linked or unlinked, and every page
// src links to when its title changed.
func (g *linkGraph) relink(src *page, o, n *outLinks, affected map[*page]bool) {
	var was, now []*page
	if o != nil {
		was = o.targets
	}
	if n != nil {
		now = n.targets
	}
	retitled := o != nil && n != nil && o.title != n.title
	for _, t := range was {
		if !slices.Contains(now, t) {
			delete(g.in[t], src)
			affected[t] = true
		}
	}
	for _, t := range now {
		if retitled || !slices.Contains(was, t) {
			g.linkFrom(t, src)
			affected[t] = true
		}
	}
	if n == nil {
		delete(g.out, src)
	} else {
		g.out[src] = n
	}
}

// report collects the broken and ambiguous links of every page, in a
// fixed order.
func (ws *wikiState) report(docs, pages []*page) {
	type entry struct {
		msg string
		fe  *content.FileError
	}
	var broken []entry
	ws.errs = nil
	for _, list := range [][]*page{docs, pages} {
		for _, p := range list {
			o := ws.graph.out[p]
			if o == nil {
				continue
			}
			for _, fe := range o.broken {
				broken = append(broken, entry{fe.Error(), fe})
			}
			for _, e := range o.errs {
				ws.errs = append(ws.errs, e)
			}
		}
	}
	sort.Slice(broken, func(i, j int) bool { return broken[i].msg < broken[j].msg })
	ws.warnings, ws.broken = make([]string, len(broken)), make([]*content.FileError, len(broken))
	for i, e := range broken {
		ws.warnings[i], ws.broken[i] = e.msg, e.fe
	}
}

// sameBacklinks says whether two lists of backlinks show the same.
func sameBacklinks(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i].(map[string]any), b[i].(map[string]any)
		if x["title"] != y["title"] || x["url"] != y["url"] {
			return false
		}
	}
	return true
}

// backlinkList is page.backlinks: the pages linking here, once each, by
// title, then URL.
func backlinkList(in map[*page]struct{}) []any {
	type entry struct{ key, title, url string }
	srcs := make([]entry, 0, len(in))
	for p := range in {
		t := pageTitle(p)
		srcs = append(srcs, entry{strings.ToLower(t), t, p.doc.URL})
	}
	sort.Slice(srcs, func(i, j int) bool {
		if srcs[i].key != srcs[j].key {
			return srcs[i].key < srcs[j].key
		}
		return srcs[i].url < srcs[j].url
	})
	out := make([]any, len(srcs))
	for i, s := range srcs {
		out[i] = map[string]any{"title": s.title, "url": s.url}
	}
	return out
}

func pageTitle(p *page) string {
	if t, ok := p.data["title"].(string); ok && t != "" {
		return t
	}
	if p.doc.Title != "" {
		return p.doc.Title
	}
	return p.doc.URL
}

// localLink turns a link's destination into a site URL without the
// base URL; ok is false for links off the site.
func localLink(dest, base, from string) (string, bool) {
	if dest == "" || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "//") || strings.Contains(dest, ":") {
		return "", false
	}
	if i := strings.IndexAny(dest, "#?"); i >= 0 {
		dest = dest[:i]
	}
	if !strings.HasPrefix(dest, "/") {
		dir := from
		if !strings.HasSuffix(dir, "/") {
			dir = path.Dir(dir) + "/"
		}
		dest = path.Join(dir, dest)
	} else if base != "" && strings.HasPrefix(dest, base+"/") {
		dest = strings.TrimPrefix(dest, base)
	}
	return dest, true
}

// linkKey is the form URLs are matched in: /a/, /a, /a.html and
// /a/index.html are the same page.
func linkKey(u string) string {
	u = strings.TrimSuffix(u, "index.html")
	u = strings.TrimSuffix(u, ".html")
	u = strings.TrimSuffix(u, "/")
	if u == "" {
		return "/"
	}
	return u
}
