package site

import (
	"maps"
	"path"
	"sort"
	"strings"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site/search"
)

// The search index of a site on the default theme (see package search):
// written after every page has rendered, from the pages' converted
// content, under /search/, beside the generated /search/ page. A site
// turns it off with `search: false` in its config.

// searchDir is where the index's files go in the output.
const searchDir = "search"

// searchState is the index of an engine and the files it last wrote.
type searchState struct {
	ix      *search.Index
	written map[string]uint64 // output path -> hash of the bytes
	// indexed is what the index holds of each page, count how many
	// pages it holds.
	indexed map[*page]indexed
	count   int
}

// indexed is a page as the index last saw it: its document and
// converted text, and whether it holds the page (on) as d.
type indexed struct {
	doc  *content.Document
	conv string
	on   bool
	d    search.Doc
}

// searchOn says whether the site gets a search index: a site on the
// default theme does unless its config says search: false; any other
// site when it says search: true.
func (b *engine) searchOn() bool {
	s := b.site
	if v, ok := s.Config.Raw["search"].(bool); ok {
		return v
	}
	return s.UsesTheme
}

// searchPage is the generated /search/ page that runs the theme's script.
func (b *engine) searchPage() *page {
	if _, ok := b.site.Layouts["search"]; !ok || !b.searchOn() {
		return nil
	}
	p := b.listPage("search", "/search/", "Search", nil)
	p.data["sitemap"] = false
	return p
}

// searchDoc is what the index holds of p, if p is one of the posts,
// pages and wiki pages it holds: those with an HTML page of their own,
// unless their front matter says search: false.
func searchDoc(p *page) (search.Doc, bool) {
	d := p.doc
	if d == nil || p.paginator != nil || d.URL == "" || !content.IsHTML(d.OutputExt) {
		return search.Doc{}, false
	}
	if v, ok := d.Data["search"].(bool); ok && !v {
		return search.Doc{}, false
	}
	kind := "page"
	switch {
	case d.IsPost():
		kind = "post"
	case d.Collection == content.WikiLabel:
		kind = "wiki"
	case d.Collection != "":
		kind = d.Collection
	}
	return search.Doc{URL: d.URL, Title: pageTitle(p), Kind: kind, HTML: p.converted}, true
}

// writeSearch brings the index's files up to date with the rendered
// pages all: it writes the files whose bytes changed and removes those
// no longer made, and says which. After an incremental rebuild (edit),
// when the pages are those the index holds, it reads again only those
// that changed.
func (b *engine) writeSearch(all []*page, edit bool) (written, removed []string, err error) {
	if !b.searchOn() {
		return nil, nil, nil
	}
	st := b.search
	if st == nil {
		st = &searchState{ix: search.New(), written: map[string]uint64{}}
		b.search = st
	}
	if !edit || !st.update(all) {
		var docs []search.Doc
		st.indexed = make(map[*page]indexed, len(all))
		for _, p := range all {
			d, ok := searchDoc(p)
			st.indexed[p] = indexed{doc: p.doc, conv: p.converted, on: ok, d: d}
			if ok {
				if r := p.searchRead; r.URL == d.URL && r.Title == d.Title && r.Kind == d.Kind && r.HTML == d.HTML {
					d = r // read as it rendered
				}
				docs = append(docs, d)
			}
			p.searchRead = search.Doc{}
		}
		st.count = len(docs)
		st.ix.Set(docs)
	}
	files, whole := st.ix.Changes()
	if whole {
		files = st.ix.Files()
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	var data [][]byte
	hashes := map[string]uint64{}
	for _, name := range names {
		dest := path.Join(searchDir, name)
		if files[name] == nil {
			if _, ok := st.written[dest]; ok {
				if err := b.out.remove(dest); err != nil {
					return nil, nil, err
				}
				delete(st.written, dest)
				removed = append(removed, dest)
			}
			continue
		}
		h := hashBytes(files[name])
		if old, ok := st.written[dest]; ok && old == h {
			continue
		}
		written, data = append(written, dest), append(data, files[name])
		hashes[dest] = h
	}
	if err := b.out.writeAll(written, data); err != nil {
		// Which files were written is not known: write them all again
		// next time.
		clear(st.written)
		return nil, nil, err
	}
	maps.Copy(st.written, hashes)
	if whole {
		for dest := range st.written {
			if _, ok := files[strings.TrimPrefix(dest, searchDir+"/")]; !ok {
				if err := b.out.remove(dest); err != nil {
					return nil, nil, err
				}
				delete(st.written, dest)
				removed = append(removed, dest)
			}
		}
	}
	sort.Strings(removed)
	return written, removed, nil
}

// update tells the index of the pages of all whose text or title
// changed since it read them, when all are the pages it holds; it
// returns false, having done nothing, when they are not. A page whose
// document and converted text are those the index last saw is not
// looked at again.
func (st *searchState) update(all []*page) bool {
	if st.indexed == nil {
		return false
	}
	var changed []search.Doc
	var saw []*page // pages looked at again, changed or not
	var sawDocs []search.Doc
	n := 0
	for _, p := range all {
		was, seen := st.indexed[p]
		if seen && was.doc == p.doc && was.conv == p.converted {
			if was.on {
				n++
			}
			continue
		}
		d, ok := searchDoc(p)
		if !ok {
			continue
		}
		n++
		if !seen || !was.on || was.d.URL != d.URL {
			return false
		}
		if was.d != d {
			changed = append(changed, d)
		}
		saw, sawDocs = append(saw, p), append(sawDocs, d)
	}
	if n != st.count || !st.ix.Update(changed) {
		return false
	}
	for i, p := range saw {
		st.indexed[p] = indexed{doc: p.doc, conv: p.converted, on: true, d: sawDocs[i]}
	}
	return true
}

// searchRebuilt brings the search index up to date after an
// incremental rebuild, and adds the wiki's warnings to its report.
func (b *Builder) searchRebuilt(ch *Change) error {
	if b.e.wiki != nil {
		ch.Warnings = append(ch.Warnings, b.e.wiki.warnings...)
	}
	written, removed, err := b.e.writeSearch(b.pages, true)
	if err != nil {
		return err
	}
	ch.Written = append(ch.Written, written...)
	ch.Removed = append(ch.Removed, removed...)
	sort.Strings(ch.Written)
	sort.Strings(ch.Removed)
	return nil
}
