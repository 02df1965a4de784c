package site

import (
	"fmt"
	"hash/maphash"
	"maps"
	"reflect"
	"slices"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site/deps"
)

// The inputs a render can read (see package deps): a document by path,
// a derived site key, a layout, an include, the URL of any document, and
// the sitemap's entries. This file says which inputs a source change
// touches and which a page read, and decides whether a page is stale.

// postKeys are the site keys a post's change touches.
var postKeys = []string{"posts", "related_posts", "documents", "collections", "tags", "categories", "archive"}

func (b *Builder) bumpKey(k string) { b.tracker.Changed(deps.Key(k), nil) }

// bumpDoc marks a document and the site lists that hold it as changed.
func (b *Builder) bumpDoc(d *content.Document) { b.bumpDocFields(d, nil) }

// bumpDocFields marks a document that changed only in the given fields
// of its Liquid map (nil: in any way): a page that lists it but reads
// none of them is not stale.
func (b *Builder) bumpDocFields(d *content.Document, fields map[string]bool) {
	t := b.tracker
	t.Changed(deps.Doc(d.Path), fields)
	switch {
	case d.IsPost():
		for _, k := range postKeys {
			t.Changed(deps.Key(k), fields)
		}
	case d.Collection != "":
		t.Changed(deps.Key(d.Collection), fields)
		t.Changed(deps.Key("documents"), fields)
		t.Changed(deps.Key("collections"), fields)
	default:
		t.Changed(deps.Key("pages"), fields)
		t.Changed(deps.Key("html_pages"), fields)
	}
}

func (b *Builder) bumpLayout(name string) { b.tracker.Changed(deps.Layout(name), nil) }

func (b *Builder) bumpInclude(file string) {
	b.tracker.Changed(deps.Include(file), nil)
}

func (b *Builder) bumpURLs()    { b.tracker.Changed(deps.URLs, nil) }
func (b *Builder) bumpSitemap() { b.tracker.Changed(deps.Sitemap, nil) }

// indexReaders files the output of p under every input its record r
// says it read.
func (b *Builder) indexReaders(p *page, r *record) {
	t := b.tracker
	if r.doc != "" {
		t.Read(p.dest, deps.Doc(r.doc))
	}
	for _, d := range r.listed {
		t.Read(p.dest, deps.Doc(d))
	}
	if p.sitemap {
		t.Read(p.dest, deps.Sitemap)
	}
	if p.doc == nil && p.raw == nil {
		t.Read(p.dest, deps.Key("data")) // author pages carry profiles from _data
	}
	for _, in := range r.reads.Inputs() {
		t.Read(p.dest, in)
	}
}

// readersOfDirty are the pages of the last plan that read an input
// changed since the last good rebuild. When the plan itself did not
// change, they are the only pages that can be stale.
func (b *Builder) readersOfDirty() []*page {
	var out []*page
	for _, dest := range b.tracker.DirtyReaders() {
		if p := b.byDest[dest]; p != nil {
			out = append(out, p)
		}
	}
	return out
}

// stale says whether page p must be rendered again, given the record of
// what last wrote its output file.
func (b *Builder) stale(p *page, r *record) bool {
	if r == nil || r.static != nil || r.always || (p.raw != nil && !p.tracked) {
		return true
	}
	t := b.tracker
	at := r.at
	if p.sitemap {
		return t.ChangedAt(deps.Sitemap) > at
	}
	if p.doc != nil {
		if r.doc != p.doc.Path || t.ChangedAt(deps.Doc(p.doc.Path)) > at {
			return true
		}
	} else if r.doc != "" {
		return true
	}
	if sigOf(p) != r.sig {
		return true
	}
	listed := b.e.listedDocs(p)
	if !slices.Equal(listed, r.listed) {
		return true
	}
	// The fields the render looked up on any document; a raw generated
	// page (the feed) may read any in Go.
	read := r.reads.FieldsRead()
	if p.raw != nil {
		read = deps.AllFields
	}
	for _, d := range listed {
		if t.ChangedSince(deps.Doc(d), at, read) {
			return true
		}
	}
	if p.doc == nil && p.raw == nil && t.ChangedAt(deps.Key("data")) > at {
		return true // author pages carry profiles from _data
	}
	return t.Stale(r.reads, at, read)
}

// listedDocs are the documents a page shows besides its own: a post's
// neighbours, a listing's posts, a paginator's posts, the feed's entries.
func (b *engine) listedDocs(p *page) []string {
	var out []string
	add := func(v any) {
		m, _ := v.(map[string]any)
		if d := b.docOfMap[mapID(m)]; d != nil {
			out = append(out, d.Path)
			return
		}
		s, _ := m["path"].(string)
		out = append(out, s)
	}
	addList := func(v any) {
		if l, ok := v.([]any); ok {
			for _, e := range l {
				add(e)
			}
		}
	}
	if p.doc != nil && p.doc.Collection != "" {
		add(p.data["previous"])
		add(p.data["next"])
	}
	if p.doc == nil {
		addList(p.data["posts"])
		addList(p.data["feed_posts"])
	}
	// A paginator's items: posts, or another collection's documents
	// under its name (octopress-paginate).
	for _, k := range slices.Sorted(maps.Keys(p.paginator)) {
		addList(p.paginator[k])
	}
	return out
}

// mapID is the identity of a map, 0 for nil.
func mapID(m map[string]any) uintptr {
	if m == nil {
		return 0
	}
	return reflect.ValueOf(m).Pointer()
}

// sigOf sums up a generated page's own data, which no document holds.
func sigOf(p *page) uint64 {
	if p.doc != nil && p.paginator == nil {
		return 0
	}
	var h maphash.Hash
	h.SetSeed(hashSeed)
	h.WriteString(p.path)
	h.WriteString("\x00" + p.layout + "\x00")
	fmt.Fprint(&h, p.data["title"], p.data["url"], p.ownSig)
	for _, k := range slices.Sorted(maps.Keys(p.paginator)) {
		if _, list := p.paginator[k].([]any); !list {
			fmt.Fprint(&h, "\x00", k, "\x00", p.paginator[k])
		}
	}
	return h.Sum64()
}

// destsHash sums up the output paths of pages in order.
func destsHash(all []*page) uint64 {
	var h maphash.Hash
	h.SetSeed(hashSeed)
	for _, p := range all {
		h.WriteString(p.dest)
		h.WriteByte(0)
	}
	return h.Sum64()
}
