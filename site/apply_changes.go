package site

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v2"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site/deps"
)

// index maps each source path to its document or static file.
func (b *Builder) index() map[string]any {
	s := b.site
	m := make(map[string]any, len(s.Posts)+len(s.Pages)+len(s.Static))
	for _, d := range s.Posts {
		m[d.Path] = d
	}
	for _, d := range s.Pages {
		m[d.Path] = d
	}
	for _, docs := range s.Collections {
		for _, d := range docs {
			m[d.Path] = d
		}
	}
	for _, f := range s.Static {
		m[f.Path] = f
	}
	return m
}

func hasUnder(index map[string]any, dir string) bool {
	for p := range index {
		if strings.HasPrefix(p, dir+"/") {
			return true
		}
	}
	return false
}

// replace swaps what a source path was (old) for what it is now (d or
// st, or neither when it is gone) in the site.
func (b *Builder) replace(old any, d *content.Document, st *content.StaticFile) {
	s := b.site
	oldURL := ""
	switch o := old.(type) {
	case *content.Document:
		oldURL = o.URL
		b.bumpDoc(o)
		switch {
		case o.IsPost():
			s.Posts = slices.DeleteFunc(s.Posts, func(x *content.Document) bool { return x == o })
		case o.Collection != "":
			s.Collections[o.Collection] = slices.DeleteFunc(s.Collections[o.Collection], func(x *content.Document) bool { return x == o })
		default:
			s.Pages = slices.DeleteFunc(s.Pages, func(x *content.Document) bool { return x == o })
		}
	case *content.StaticFile:
		oldURL = "/" + o.Dest
		b.bumpKey("static_files")
		s.Static = slices.DeleteFunc(s.Static, func(x *content.StaticFile) bool { return x == o })
	}
	newURL := ""
	switch {
	case d != nil:
		newURL = d.URL
		b.bumpDoc(d)
		switch {
		case d.IsPost():
			s.Posts = append(s.Posts, d)
		case d.Collection != "":
			s.Collections[d.Collection] = append(s.Collections[d.Collection], d)
		default:
			s.Pages = append(s.Pages, d)
		}
	case st != nil:
		newURL = "/" + st.Dest
		b.bumpKey("static_files")
		s.Static = append(s.Static, st)
	}
	if oldURL != newURL || old == nil {
		b.bumpURLs()
	}
	od, _ := old.(*content.Document)
	if od == nil || d == nil || !sameMapEntry(od, d) {
		b.bumpSitemap()
	}
	if od == nil || d == nil || od.Layout != d.Layout {
		b.recheck = true
	}
}

// samePlace says whether document y can take x's place in the last plan:
// everything the plan and the generated pages take from a document
// besides its Liquid map is the same (output path, order, year, sitemap
// entry, authors, redirects, layout), so only its page and the pages
// that read it change. A post whose tags or categories changed can,
// but the site's tag and category lists and the generated pages must be
// made again: retag.
func (b *Builder) samePlace(x, y *content.Document) (ok, retag bool) {
	_, za := x.Date.Zone()
	_, zb := y.Date.Zone()
	if x.Path != y.Path || x.Collection != y.Collection || x.Draft != y.Draft || x.FromTheme != y.FromTheme ||
		x.URL != y.URL || x.Dest != y.Dest || x.OutputExt != y.OutputExt || x.Layout != y.Layout ||
		!x.Date.Equal(y.Date) || za != zb || !sameMapEntry(x, y) {
		return false, false
	}
	// octopress-paginate lists any collection by its tags and categories.
	retag = (x.IsPost() || b.site.OctopressPaginateOn()) && (!slices.Equal(x.Tags, y.Tags) || !slices.Equal(x.Categories, y.Categories))
	keys := []string{"author", "authors", "redirect_from", "draft", "published"}
	if x.Collection != "" && x.Collection != "posts" {
		if by := b.site.Config.Collections[x.Collection].SortBy; by != "" {
			keys = append(keys, by)
		}
	}
	for _, k := range keys {
		if !reflect.DeepEqual(x.Data[k], y.Data[k]) {
			return false, false
		}
	}
	return true, retag
}

// retag patches the site's tag and category lists for posts that kept
// their places but changed their tags or categories, makes the generated
// pages again, and returns every page of the plan in order.
func (b *Builder) retag(changes []reread) []*page {
	e := b.e
	var tags, cats []renamed
	for _, c := range changes {
		old, _ := c.old.(*content.Document)
		if old == nil || c.d == nil || !c.d.IsPost() {
			continue
		}
		data := b.byPath[c.rel].data
		if !slices.Equal(old.Tags, c.d.Tags) {
			tags = append(tags, renamed{data: data, old: old.Tags, new: c.d.Tags})
		}
		if !slices.Equal(old.Categories, c.d.Categories) {
			cats = append(cats, renamed{data: data, old: old.Categories, new: c.d.Categories})
		}
	}
	rank := func(m map[string]any) int { return e.postRank[mapID(m)] }
	namesBy := func(f func(*content.Document) []string) func(map[string]any) []string {
		return func(m map[string]any) []string { return f(e.docOfMap[mapID(m)]) }
	}
	// The lists' members changed: whatever reads them is stale.
	if len(tags) > 0 {
		b.bumpKey("tags")
	}
	if len(cats) > 0 {
		b.bumpKey("categories")
	}
	if len(tags) > 0 {
		e.siteMap["tags"] = regroup(e.siteMap["tags"].(yaml.MapSlice), tags, rank, namesBy(tagsOf))
	}
	if len(cats) > 0 {
		e.siteMap["categories"] = regroup(e.siteMap["categories"].(yaml.MapSlice), cats, rank, namesBy(categoriesOf))
	}
	old := e.genPages
	all := e.withGenerated()
	for _, p := range old {
		delete(b.byDest, p.dest)
	}
	for _, p := range e.genPages {
		b.byDest[p.dest] = p
	}
	return all
}

// swapDoc puts d where old is in the site's lists.
func (b *Builder) swapDoc(old, d *content.Document) bool {
	s := b.site
	list := s.Pages
	switch {
	case old.IsPost():
		list = s.Posts
	case old.Collection != "":
		list = s.Collections[old.Collection]
	}
	if i := slices.Index(list, old); i >= 0 {
		list[i] = d
		return true
	}
	return false
}

// refill makes p the page of document d, keeping its Liquid map: the
// site lists, the neighbours and the generated pages hold that map. A
// document keeps its neighbours, which only a new plan changes.
func (b *engine) refill(p *page, d *content.Document) {
	np := b.docPage(d)
	prev, next := p.data["previous"], p.data["next"]
	clear(p.data)
	maps.Copy(p.data, np.data)
	if d.Collection != "" {
		p.data["previous"], p.data["next"] = prev, next
	}
	p.doc, p.path, p.dest, p.layout = d, np.path, np.dest, np.layout
	p.backlinked = nil // the map no longer holds them
	p.body, p.bodyLine, p.markdown, p.liquid = np.body, np.bodyLine, np.markdown, np.liquid
	b.docOfMap[mapID(p.data)] = d
}

// sameMapEntry says whether two versions of a document make the same
// sitemap entry.
func sameMapEntry(a, b *content.Document) bool {
	return a.URL == b.URL && a.Dest == b.Dest && a.Date.Equal(b.Date) &&
		reflect.DeepEqual(a.Data["last_modified_at"], b.Data["last_modified_at"]) &&
		reflect.DeepEqual(a.Data["sitemap"], b.Data["sitemap"])
}

// reloadLayouts reads the layouts again and re-parses the changed ones.
// A layout added or removed changes which pages are generated: full.
func (b *Builder) reloadLayouts() (changed, full bool, err error) {
	s, e := b.site, b.e
	nl, err := s.ReadLayouts(b.copts)
	if err != nil {
		return false, false, err
	}
	if len(nl) != len(s.Layouts) {
		return false, true, nil
	}
	parsed := map[string]bool{}
	var errs []error
	for name, l := range nl {
		old, ok := s.Layouts[name]
		if !ok {
			return false, true, nil
		}
		if sameLayout(old, l) {
			continue
		}
		tpl, err := e.tpl.Parse(l.Body, l.Path, l.BodyLine)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		e.layouts[name] = tpl
		parsed[name] = true
	}
	if len(errs) > 0 {
		return false, false, errors.Join(errs...)
	}
	for name := range parsed {
		b.bumpLayout(name)
	}
	s.Layouts = nl
	return len(parsed) > 0, false, nil
}

// unchanged says whether a source file read again is what it was: a
// document equal in everything but its modification time, or a static
// file whose bytes are those of its copy in the destination. A save that
// leaves a file as it was changes nothing.
func (b *Builder) unchanged(old any, d *content.Document, st *content.StaticFile) bool {
	switch o := old.(type) {
	case *content.Document:
		if d == nil {
			return false
		}
		x, y := *o, *d
		if x.Collection != content.WikiLabel {
			// A wiki page shows when it changed; nothing else shows
			// the file's time.
			x.ModTime, y.ModTime = time.Time{}, time.Time{}
		}
		return reflect.DeepEqual(x, y)
	case *content.StaticFile:
		if st == nil || st.FromTheme || o.FromTheme || st.Path != o.Path || st.Dest != o.Dest || st.Size != o.Size || st.Collection != o.Collection {
			return false
		}
		if r := b.outputs[o.Dest]; r == nil || r.static != o {
			return false // the destination does not hold its copy
		}
		src, err := os.ReadFile(filepath.Join(b.site.Source, filepath.FromSlash(st.Path)))
		if err != nil {
			return false
		}
		out, err := os.ReadFile(filepath.Join(b.opts.Destination, filepath.FromSlash(o.Dest)))
		return err == nil && bytes.Equal(src, out)
	}
	return false
}

// sameBytes says whether rel, a file whose bytes the Builder keeps a
// hash of (the config, the includes the last renders used), holds the
// same bytes as when last read. It records the new hash when not.
func (b *Builder) sameBytes(rel string) bool {
	h, ok := b.hashes[rel]
	if !ok {
		return false
	}
	data, err := fs.ReadFile(b.site.Files, rel)
	if err != nil {
		delete(b.hashes, rel)
		return false
	}
	n := hashBytes(data)
	if n == h {
		return true
	}
	b.rehashed[rel] = n // kept once the rebuild succeeds
	return false
}

// hashSources records the hashes sameBytes compares: of the config and
// of every include a render of pages read.
func (b *Builder) hashSources(pages []*page) {
	b.hashes, b.rehashed = map[string]uint64{}, map[string]uint64{}
	add := func(rel string) {
		if _, ok := b.hashes[rel]; ok {
			return
		}
		if data, err := fs.ReadFile(b.site.Files, rel); err == nil {
			b.hashes[rel] = hashBytes(data)
		}
	}
	add("_config.yml")
	add("_config.yaml")
	for _, p := range pages {
		for _, r := range []*deps.Reads{p.reads, p.conv} {
			if r == nil {
				continue
			}
			for f := range r.Includes {
				add(f)
			}
		}
	}
}

func sameLayout(a, b *content.Layout) bool {
	return a.Path == b.Path && a.Parent == b.Parent && a.BodyLine == b.BodyLine &&
		bytes.Equal(a.Body, b.Body) && reflect.DeepEqual(a.Data, b.Data)
}
