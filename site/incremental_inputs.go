package site

import (
	"fmt"
	"hash/maphash"
	"reflect"
	"slices"

	"github.com/shine-blog/shine/content"
)

// Inputs are what a render can read, each named by a key: a document by
// path ("d:"), a derived site key ("k:"; "k:*" is the whole site), a
// layout ("l:"), an include ("i:"), the URL of any document ("u") and the
// sitemap's entries ("m"). Each input also remembers the generation it
// last changed in (Builder.docAt, keyAt, ...), which stale compares with
// the generation a page was written in.
const (
	inDoc     = "d:"
	inKey     = "k:"
	inLayout  = "l:"
	inInclude = "i:"
	inURLs    = "u"
	inSitemap = "m"
)

func (b *Builder) bumpKey(k string) { b.bumpKeyFields(k, nil) }

// bumpKeyFields marks a site key whose documents changed in the given
// fields (nil: in any way).
func (b *Builder) bumpKeyFields(k string, fields map[string]bool) {
	b.keyAt[k] = b.gen
	b.anyKey = b.gen
	b.dirty[inKey+k] = true
	b.dirty[inKey+"*"] = true
	addChange(b.keyFields, k, b.gen, fields)
}

// bumpDoc marks a document and the site lists that hold it as changed.
func (b *Builder) bumpDoc(d *content.Document) { b.bumpDocFields(d, nil) }

// bumpDocFields marks a document that changed only in the given fields
// of its Liquid map: a page that lists it but reads none of them is not
// stale.
func (b *Builder) bumpDocFields(d *content.Document, fields map[string]bool) {
	addChange(b.docFields, d.Path, b.gen, fields)
	b.bumpDocWith(d, func(k string) { b.bumpKeyFields(k, fields) })
}

func (b *Builder) bumpDocWith(d *content.Document, bumpKey func(string)) {
	b.docAt[d.Path] = b.gen
	b.dirty[inDoc+d.Path] = true
	switch {
	case d.IsPost():
		for _, k := range postKeys {
			bumpKey(k)
		}
	case d.Collection != "":
		bumpKey(d.Collection)
		bumpKey("documents")
		bumpKey("collections")
	default:
		bumpKey("pages")
		bumpKey("html_pages")
	}
}

func (b *Builder) bumpLayout(name string) {
	b.layoutAt[name] = b.gen
	b.dirty[inLayout+name] = true
}

func (b *Builder) bumpInclude(file string) {
	delete(b.fieldsRead, inInclude+file)
	b.incAt[file] = b.gen
	b.dirty[inInclude+file] = true
}

func (b *Builder) bumpURLs() {
	b.urlsAt = b.gen
	b.dirty[inURLs] = true
}

func (b *Builder) bumpSitemap() {
	b.mapAt = b.gen
	b.dirty[inSitemap] = true
}

// indexReaders files the output of p under every input its record r
// says it read. Entries are only added: one a page no longer reads costs
// a needless stale check, never a missed page.
func (b *Builder) indexReaders(p *page, r *record) {
	add := func(in string) {
		m := b.readers[in]
		if m == nil {
			m = map[string]struct{}{}
			b.readers[in] = m
		}
		m[p.dest] = struct{}{}
	}
	if r.doc != "" {
		add(inDoc + r.doc)
	}
	for _, d := range r.listed {
		add(inDoc + d)
	}
	if p.sitemap {
		add(inSitemap)
	}
	if p.doc == nil && p.raw == nil {
		add(inKey + "data") // author pages carry profiles from _data
	}
	d := r.deps
	if d == nil {
		return
	}
	for k := range d.keys {
		add(inKey + k)
	}
	for _, l := range d.layouts {
		add(inLayout + l)
	}
	for f := range d.includes {
		add(inInclude + f)
	}
	if d.urls {
		add(inURLs)
	}
}

// readersOfDirty are the pages of the last plan that read an input
// changed since the last good rebuild. When the plan itself did not
// change, they are the only pages that can be stale.
func (b *Builder) readersOfDirty() []*page {
	seen := map[string]bool{}
	var out []*page
	for in := range b.dirty {
		for dest := range b.readers[in] {
			if seen[dest] {
				continue
			}
			seen[dest] = true
			if p := b.byDest[dest]; p != nil {
				out = append(out, p)
			}
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
	at := r.at
	if p.sitemap {
		return b.mapAt > at
	}
	if p.doc != nil {
		if r.doc != p.doc.Path || b.docAt[p.doc.Path] > at {
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
	read := b.pageFieldsRead(p, r.deps)
	for _, d := range listed {
		if b.docAt[d] > at && b.docFields[d].touches(at, read) {
			return true
		}
	}
	if p.doc == nil && p.raw == nil && b.keyAt["data"] > at {
		return true // author pages carry profiles from _data
	}
	return b.changedSince(r.deps, at, read)
}

// depsChanged says whether anything d records changed after generation at.
func (b *Builder) depsChanged(d *deps, at uint64) bool {
	return b.changedSince(d, at, fieldSet{all: true})
}

// changedSince is depsChanged for a render that read only the given
// fields of the documents in the site keys it used.
func (b *Builder) changedSince(d *deps, at uint64, read fieldSet) bool {
	if d == nil {
		return true
	}
	if d.urls && b.urlsAt > at {
		return true
	}
	if b.anyKey > at {
		if d.keys["*"] {
			return true
		}
		for k := range d.keys {
			if b.keyAt[k] > at && b.keyFields[k].touches(at, read) {
				return true
			}
		}
	}
	for _, l := range d.layouts {
		if b.layoutAt[l] > at {
			return true
		}
	}
	for f := range d.includes {
		if b.incAt[f] > at {
			return true
		}
	}
	return false
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
	if p.doc != nil && p.doc.IsPost() {
		add(p.data["previous"])
		add(p.data["next"])
	}
	if p.doc == nil {
		addList(p.data["posts"])
		addList(p.data["feed_posts"])
	}
	if p.paginator != nil {
		addList(p.paginator["posts"])
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
	fmt.Fprint(&h, p.data["title"], p.data["url"])
	for _, k := range []string{"page", "per_page", "total_posts", "total_pages", "previous_page_path", "next_page_path"} {
		fmt.Fprint(&h, "\x00", p.paginator[k])
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
