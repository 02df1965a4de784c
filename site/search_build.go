package site

import (
	"path"
	"sort"

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

// searchDocs are the posts, pages and wiki pages of a plan that the
// index holds: those with an HTML page of their own, unless their
// front matter says search: false.
func searchDocs(all []*page) []search.Doc {
	var out []search.Doc
	for _, p := range all {
		d := p.doc
		if d == nil || p.paginator != nil || d.URL == "" || !content.IsHTML(d.OutputExt) {
			continue
		}
		if v, ok := d.Data["search"].(bool); ok && !v {
			continue
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
		out = append(out, search.Doc{URL: d.URL, Title: pageTitle(p), Kind: kind, HTML: p.converted})
	}
	return out
}

// writeSearch brings the index's files up to date with the rendered
// pages all: it writes the files whose bytes changed and removes those
// no longer made, and says which.
func (b *engine) writeSearch(all []*page) (written, removed []string, err error) {
	if !b.searchOn() {
		return nil, nil, nil
	}
	st := b.search
	if st == nil {
		st = &searchState{ix: search.New(), written: map[string]uint64{}}
		b.search = st
	}
	st.ix.Set(searchDocs(all))
	files := st.ix.Files()
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	next := make(map[string]uint64, len(files))
	for _, name := range names {
		dest := path.Join(searchDir, name)
		h := hashBytes(files[name])
		next[dest] = h
		if old, ok := st.written[dest]; ok && old == h {
			continue
		}
		if err := b.out.write(dest, files[name]); err != nil {
			return nil, nil, err
		}
		written = append(written, dest)
	}
	for dest := range st.written {
		if _, ok := next[dest]; !ok {
			if err := b.out.remove(dest); err != nil {
				return nil, nil, err
			}
			removed = append(removed, dest)
		}
	}
	sort.Strings(removed)
	st.written = next
	return written, removed, nil
}

// searchRebuilt brings the search index up to date after an
// incremental rebuild, and adds the wiki's warnings to its report.
func (b *Builder) searchRebuilt(ch *Change) error {
	if b.e.wiki != nil {
		ch.Warnings = append(ch.Warnings, b.e.wiki.warnings...)
	}
	written, removed, err := b.e.writeSearch(b.pages)
	if err != nil {
		return err
	}
	ch.Written = append(ch.Written, written...)
	ch.Removed = append(ch.Removed, removed...)
	sort.Strings(ch.Written)
	sort.Strings(ch.Removed)
	return nil
}
