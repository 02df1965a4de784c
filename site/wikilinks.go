package site

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"os/exec"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/yuin/goldmark/parser"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site/markdown"
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
	doc   *content.Document // the version of the source they were found in
	wiki  []wiki.Found
	dests []string
}

// wikiState is the link graph of a builder's last plan.
type wikiState struct {
	ix           *wiki.Index
	sig          uint64
	indexChanged bool              // the last planWiki made a different index
	backSig      map[string]uint64 // backlinks of each page, by output path
	changed      []*page           // pages whose backlinks changed in the last linkWiki
	git          map[string]time.Time
	gitRead      bool
	warnings     []string
	broken       []*content.FileError
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
	var wp []wiki.Page
	var h maphash.Hash
	h.SetSeed(hashSeed)
	for _, d := range b.site.Collections[content.WikiLabel] {
		if d.URL == "" {
			continue
		}
		p := wiki.Page{Path: wikiPath(d.Path), Title: d.Title, URL: base + d.URL}
		wp = append(wp, p)
		fmt.Fprintf(&h, "%s\x00%s\x00%s\x00", p.Path, p.Title, p.URL)
	}
	sig := h.Sum64()
	ws.indexChanged = ws.ix == nil || sig != ws.sig
	if ws.indexChanged {
		ws.ix, ws.sig = wiki.NewIndex(wp), sig
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
// is an error.
func (b *engine) linkWiki(docs, pages []*page) error {
	ws := b.wiki
	if ws == nil {
		return nil
	}
	base := b.site.Config.BaseURL
	byURL := make(map[string]*page, len(docs)+len(pages))
	all := make([]*page, 0, len(docs)+len(pages))
	all = append(append(all, docs...), pages...)
	for _, p := range all {
		if p.doc != nil && p.doc.URL != "" && p.paginator == nil {
			byURL[linkKey(p.doc.URL)] = p
		}
	}
	back := map[*page][]*page{}
	ws.warnings, ws.broken = nil, nil
	var errs []error
	for _, src := range all {
		if src.links == nil || src.paginator != nil {
			continue
		}
		for _, f := range src.links.wiki {
			line := src.bodyLine + f.Line - 1
			var amb *wiki.AmbiguousError
			switch {
			case f.Page != nil:
				if t := byURL[linkKey(strings.TrimPrefix(f.Page.URL, base))]; t != nil && t != src {
					back[t] = append(back[t], src)
				}
			case errors.As(f.Err, &amb):
				errs = append(errs, &content.FileError{File: src.path, Line: line, Err: f.Err})
			case f.Err != nil:
				fe := &content.FileError{File: src.path, Line: line, Err: f.Err}
				ws.broken = append(ws.broken, fe)
				ws.warnings = append(ws.warnings, fe.Error())
			}
		}
		for _, d := range src.links.dests {
			u, ok := localLink(d, base, src.doc.URL)
			if !ok {
				continue
			}
			if t := byURL[linkKey(u)]; t != nil && t != src {
				back[t] = append(back[t], src)
			}
		}
	}
	old := ws.backSig
	ws.backSig = make(map[string]uint64, len(all))
	ws.changed = ws.changed[:0]
	for _, p := range all {
		if p.doc == nil || p.paginator != nil {
			continue
		}
		list := backlinkList(back[p])
		p.data["backlinks"] = list
		var h maphash.Hash
		h.SetSeed(hashSeed)
		for _, m := range list {
			fmt.Fprint(&h, m.(map[string]any)["title"], "\x00", m.(map[string]any)["url"], "\x00")
		}
		sig := h.Sum64()
		ws.backSig[p.dest] = sig
		if prev, ok := old[p.dest]; old != nil && (!ok || prev != sig) {
			ws.changed = append(ws.changed, p)
		}
		if p.doc.Collection == content.WikiLabel {
			p.data["changed"] = b.changedAt(p.doc)
		}
	}
	sort.Strings(ws.warnings)
	sort.Slice(ws.broken, func(i, j int) bool { return ws.broken[i].Error() < ws.broken[j].Error() })
	return joinSorted(errs)
}

// backlinkList is page.backlinks: the pages linking here, once each, by
// title, then URL.
func backlinkList(srcs []*page) []any {
	sort.Slice(srcs, func(i, j int) bool {
		ti, tj := strings.ToLower(pageTitle(srcs[i])), strings.ToLower(pageTitle(srcs[j]))
		if ti != tj {
			return ti < tj
		}
		return srcs[i].doc.URL < srcs[j].doc.URL
	})
	out := make([]any, 0, len(srcs))
	for i, s := range srcs {
		if i > 0 && srcs[i-1] == s {
			continue
		}
		out = append(out, map[string]any{"title": pageTitle(s), "url": s.doc.URL})
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

// changedAt is when a wiki page last changed: its last commit when the
// site is a git repository, else its file's time.
func (b *engine) changedAt(d *content.Document) time.Time {
	if t, ok := b.wiki.git[d.Path]; ok {
		return t.In(b.site.Config.Location)
	}
	return d.ModTime.In(b.site.Config.Location)
}

// gitDates reads the date of the last commit of every file under _wiki
// with one git log; nil when the source is not in a git repository.
func gitDates(source string) map[string]time.Time {
	cmd := exec.Command("git", "-C", source, "log", "--format=%x00%ct", "--name-only", "--relative", "--", "_"+content.WikiLabel)
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	dates := map[string]time.Time{}
	var at time.Time
	for _, line := range bytes.Split(out, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		if line[0] == 0 {
			sec, err := strconv.ParseInt(string(line[1:]), 10, 64)
			if err == nil {
				at = time.Unix(sec, 0)
			}
			continue
		}
		if _, ok := dates[string(line)]; !ok {
			dates[string(line)] = at // newest first: the first date seen is the last commit
		}
	}
	return dates
}

// wikiPages are the generated wiki pages: the tree at /wiki/ and the
// recently changed pages at /wiki/recent/, when the site has wiki pages
// and the layouts (the theme's or its own) to show them.
func (b *engine) wikiPages(docs []*page) []*page {
	var wp []*page
	for _, p := range docs {
		if p.doc.Collection == content.WikiLabel && p.doc.URL != "" {
			wp = append(wp, p)
		}
	}
	if len(wp) == 0 {
		return nil
	}
	var out []*page
	if _, ok := b.site.Layouts["wiki_index"]; ok {
		byPath := append([]*page(nil), wp...)
		sort.Slice(byPath, func(i, j int) bool { return byPath[i].doc.Path < byPath[j].doc.Path })
		maps := make([]any, len(byPath))
		for i, p := range byPath {
			maps[i] = p.data
		}
		tree := wikiTree(byPath)
		p := b.listPage("wiki_index", "/wiki/", "Wiki", map[string]any{"posts": maps, "tree": tree})
		p.ownSig = listSig(tree, "title", "url", "depth", "folder")
		out = append(out, p)
	}
	if _, ok := b.site.Layouts["wiki_recent"]; ok {
		recent := b.recentWiki(wp)
		p := b.listPage("wiki_recent", "/wiki/recent/", "Recently changed", map[string]any{"posts": recent})
		p.ownSig = listSig(recent, "title", "url", "changed")
		out = append(out, p)
	}
	return out
}

// recentWiki lists wiki pages, the last changed first.
func (b *engine) recentWiki(wp []*page) []any {
	byDate := append([]*page(nil), wp...)
	at := make(map[*page]time.Time, len(wp))
	for _, p := range byDate {
		at[p] = b.changedAt(p.doc)
	}
	sort.SliceStable(byDate, func(i, j int) bool {
		if !at[byDate[i]].Equal(at[byDate[j]]) {
			return at[byDate[i]].After(at[byDate[j]])
		}
		return byDate[i].doc.Path < byDate[j].doc.Path
	})
	out := make([]any, len(byDate))
	for i, p := range byDate {
		out[i] = p.data
	}
	return out
}

// wikiTree is page.tree of /wiki/: folders and pages in path order,
// each with its depth, a folder before what it holds. A folder that has
// a page of its own name (Teams.md beside Teams/) is that page.
func wikiTree(pages []*page) []any {
	type entry struct {
		parts []string
		p     *page
	}
	entries := make([]entry, len(pages))
	folders := map[string]bool{}
	for i, p := range pages {
		parts := strings.Split(wikiPath(p.doc.Path), "/")
		entries[i] = entry{parts, p}
		for j := 1; j < len(parts); j++ {
			folders[strings.Join(parts[:j], "/")] = true
		}
	}
	sort.Slice(entries, func(i, j int) bool {
		a, b := entries[i].parts, entries[j].parts
		for k := 0; k < len(a) && k < len(b); k++ {
			if a[k] != b[k] {
				return a[k] < b[k]
			}
		}
		return len(a) < len(b)
	})
	var out []any
	shown := map[string]bool{}
	for _, e := range entries {
		for j := 1; j < len(e.parts); j++ {
			dir := strings.Join(e.parts[:j], "/")
			if !shown[dir] {
				shown[dir] = true
				out = append(out, map[string]any{"name": e.parts[j-1], "path": dir, "depth": j - 1, "folder": true, "title": e.parts[j-1], "url": nil})
			}
		}
		wpath := strings.Join(e.parts, "/")
		shown[wpath] = true
		out = append(out, map[string]any{"name": e.parts[len(e.parts)-1], "path": wpath, "depth": len(e.parts) - 1,
			"folder": folders[wpath], "title": pageTitle(e.p), "url": e.p.doc.URL})
	}
	return out
}

// headingRE finds the headings of converted Markdown that have an id.
var headingRE = regexp.MustCompile(`(?s)<h([2-4]) id="([^"]+)"[^>]*>(.*?)</h[2-4]>`)

var tagRE = regexp.MustCompile(`<[^>]*>`)

// tableOfContents lists the h2 to h4 headings of html, nested, linking
// to the ids the headings have.
func tableOfContents(html string) string {
	ms := headingRE.FindAllStringSubmatch(html, -1)
	if len(ms) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<nav class="toc" aria-label="Contents">` + "\n")
	var open []int // the levels of the open lists, each with an open item
	for _, m := range ms {
		level := int(m[1][0] - '0')
		switch {
		case len(open) == 0:
			b.WriteString("<ul>\n")
			open = append(open, level)
		case level > open[len(open)-1]:
			b.WriteString("\n<ul>\n")
			open = append(open, level)
		default:
			for len(open) > 1 && level < open[len(open)-1] {
				b.WriteString("</li>\n</ul>\n")
				open = open[:len(open)-1]
			}
			b.WriteString("</li>\n")
		}
		fmt.Fprintf(&b, `<li><a href="#%s">%s</a>`, m[2], strings.TrimSpace(tagRE.ReplaceAllString(m[3], "")))
	}
	for range open {
		b.WriteString("</li>\n</ul>\n")
	}
	b.WriteString("</nav>\n")
	return b.String()
}

// markdownify is Liquid's markdownify filter: s converted as a body is,
// its wiki links resolved. A render cannot tell the filter which page
// it is for, so a page records reading the wiki index when its output
// has a wiki link once any markdownify has made one (see applyLayouts).
func (b *engine) markdownify(s string) (string, error) {
	var buf bytes.Buffer
	found, err := b.convertMarkdown(&buf, []byte(s))
	if err != nil {
		return "", err
	}
	if found != nil && len(found.Links) > 0 {
		b.mdWikiLinks.Store(true)
	}
	return buf.String(), nil
}

// convertMarkdown converts src with its wiki links resolved against the
// index of the last plan, and returns the links it has.
func (b *engine) convertMarkdown(buf *bytes.Buffer, src []byte) (*wiki.Result, error) {
	var ix *wiki.Index
	if b.wiki != nil {
		ix = b.wiki.ix
	}
	var found *wiki.Result
	err := b.md.ConvertWith(buf, src, func(pc parser.Context) { found = wiki.Use(pc, ix, markdown.HeadingID) })
	return found, err
}
