package site

import (
	"fmt"
	"hash/maphash"
)

// How shine serve keeps the wiki current: a plan that indexes the wiki
// differently (a page made, removed, renamed or retitled) marks the
// index changed, so every conversion and render with wiki links is
// stale; after the conversions, the pages whose backlinks changed are
// marked changed in their backlinks, and the generated tree and recent
// pages are made again when what they show changed.

// wikiIndexed indexes the wiki again when the plan was patched in place
// (pages is then the plan's pages, to find their links again; nil after
// a new plan, which indexed it), and marks the index changed when it is.
func (b *Builder) wikiIndexed(pages []*page) {
	e := b.e
	if pages != nil {
		e.planWiki(pages)
		e.wikiIndexMoved = e.setWikiIndex() || e.wikiIndexMoved
	}
	if e.wikiIndexMoved {
		e.wikiIndexMoved = false
		b.bumpKey("wiki_index")
	}
	if e.wiki != nil && e.wiki.indexChanged {
		b.bumpKey(wikiKey)
	}
}

// wikiLinked makes the backlinks of a plan patched in place again, and
// its generated wiki pages' lists; it returns those generated pages,
// which may be stale though no input they read is.
func (b *Builder) wikiLinked() ([]*page, error) {
	e := b.e
	if err := e.linkWiki(e.planDocs, e.planPages); err != nil {
		return nil, err
	}
	b.wikiBacklinksChanged()
	var out []*page
	wp := e.wikiPages(e.planDocs)
	for _, g := range e.genPages {
		for _, n := range wp {
			if g.dest == n.dest {
				g.data, g.ownSig = n.data, n.ownSig
				out = append(out, g)
			}
		}
	}
	return out, nil
}

// wikiBacklinksChanged marks the documents whose backlinks changed.
func (b *Builder) wikiBacklinksChanged() {
	if b.e.wiki == nil {
		return
	}
	for _, p := range b.e.wiki.changed {
		b.bumpDocFields(p.doc, map[string]bool{"backlinks": true})
	}
}

// listSig sums up what a generated wiki page shows of each page it
// lists: its title and URL, in order.
func listSig(items []any, keys ...string) uint64 {
	var h maphash.Hash
	h.SetSeed(hashSeed)
	for _, it := range items {
		m, _ := it.(map[string]any)
		for _, k := range keys {
			fmt.Fprint(&h, m[k], "\x00")
		}
	}
	return h.Sum64()
}
