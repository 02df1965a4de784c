package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/shine-blog/shine/content"
)

// Change is what a rebuild did.
type Change struct {
	Full     bool     // everything was built again
	Written  []string // output files written, slash-separated, under the destination
	Removed  []string // output files removed
	Rendered int      // pages rendered
	Duration time.Duration
	Warnings []string
}

// maxIncremental is how many pages an incremental rebuild renders in
// memory before writing any; past it a full build (into a temporary
// folder, swapped in) is as fast and keeps memory bounded.
const maxIncremental = 3000

// postKeys are the site keys a post's change touches.
var postKeys = []string{"posts", "related_posts", "documents", "collections", "tags", "categories", "archive"}

// Rebuild brings the destination up to date after the source files at
// paths (relative to the source folder, or absolute under it) changed,
// were created or were removed. It re-reads only those files and renders
// only the pages that read something that changed; a change it cannot
// follow (the config, a folder, a new or removed layout, the theme
// switching on or off) builds everything. On error nothing is written:
// the last good pages stay, and the paths are tried again with the next
// rebuild.
func (B *Builder) Rebuild(ctx context.Context, paths []string) (*Change, error) {
	start := time.Now()
	if B.pending == nil {
		B.pending = map[string]bool{}
	}
	for _, p := range paths {
		if rel, ok := B.rel(p); ok {
			B.pending[rel] = true
		}
	}
	if B.full || B.site == nil {
		return B.rebuildAll(ctx, start)
	}
	all := slices.Sorted(maps.Keys(B.pending))
	ch, full, err := B.incremental(ctx, all)
	if full {
		return B.rebuildAll(ctx, start)
	}
	if err != nil {
		return nil, err
	}
	B.pending = nil
	ch.Duration = time.Since(start)
	return ch, nil
}

func (B *Builder) rebuildAll(ctx context.Context, start time.Time) (*Change, error) {
	r, err := B.Build(ctx)
	if err != nil {
		return nil, err
	}
	return &Change{Full: true, Rendered: r.Pages, Duration: time.Since(start), Warnings: r.Warnings}, nil
}

// rel makes p relative to the source folder, slash-separated.
func (B *Builder) rel(p string) (string, bool) {
	if filepath.IsAbs(p) {
		src, err := filepath.Abs(B.opts.Source)
		if err != nil {
			return "", false
		}
		r, err := filepath.Rel(src, p)
		if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return "", false
		}
		p = r
	}
	p = strings.Trim(path.Clean("/"+filepath.ToSlash(p)), "/")
	return p, p != "" && p != "."
}

// incremental applies the changed paths to the site and renders what
// depends on them. full asks for a full build instead.
func (B *Builder) incremental(ctx context.Context, paths []string) (ch *Change, full bool, err error) {
	s, b := B.site, B.b
	B.gen++
	g := B.gen
	ch = &Change{}
	var errs []error
	var files []string
	layouts, data := false, false
	for _, rel := range paths {
		if st, err := os.Stat(filepath.Join(s.Source, filepath.FromSlash(rel))); err == nil && st.IsDir() {
			return nil, true, nil // a new or moved folder: walk it all
		}
		// Any file may be included, by include_relative if not from _includes.
		b.tpl.forget(rel)
		B.incAt[rel] = g
		switch s.Classify(rel, B.copts) {
		case content.KindConfig:
			return nil, true, nil
		case content.KindLayout:
			layouts = true
		case content.KindData:
			data = true
		case content.KindFile, content.KindNone:
			files = append(files, rel)
		}
	}
	if layouts {
		f, err := B.reloadLayouts()
		if f || err != nil {
			return nil, f, err
		}
	}
	if data {
		d, err := s.ReadData()
		if err != nil {
			errs = append(errs, err)
		} else {
			s.Data = d
			B.bumpKey("data")
		}
	}
	if len(files) > 0 {
		index := B.index()
		for _, rel := range files {
			old := index[rel]
			if old == nil && !fileExists(filepath.Join(s.Source, filepath.FromSlash(rel))) && hasUnder(index, rel) {
				return nil, true, nil // a folder went away
			}
			d, st, warn, err := s.Reread(rel, B.copts)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if warn != "" {
				ch.Warnings = append(ch.Warnings, warn)
			}
			B.replace(old, d, st)
		}
		s.Sort()
	}
	if len(errs) > 0 {
		return nil, false, errors.Join(errs...)
	}
	if (B.recheck || layouts) && s.RecheckTheme() != s.UsesTheme {
		return nil, true, nil
	}
	B.recheck = false
	if B.urlsAt > B.urlsDone {
		b.tpl.urls = newURLIndex(s)
		B.urlsDone = B.urlsAt
	}

	all, err := B.replan(ctx)
	if err != nil {
		return nil, false, err
	}
	// The sitemap lists every page in order: a page made, gone or moved
	// in the order (a tag's first post changed) changes it.
	if h := destsHash(all); h != B.destsHash {
		B.mapAt, B.destsHash = g, h
	}
	var todo []*page
	for _, p := range all {
		if B.stale(p, B.outputs[p.dest]) {
			todo = append(todo, p)
		}
	}
	if len(todo) > maxIncremental {
		return nil, true, nil
	}
	out, err := newDirectOutput(B.opts.Destination)
	if err != nil {
		return nil, false, err
	}
	b.out = out
	rendered, err := B.render(ctx, todo)
	if err != nil {
		return nil, false, err
	}
	if err := B.write(s, all, todo, rendered, ch); err != nil {
		return nil, false, err
	}
	B.pages = all
	return ch, false, nil
}

// replan plans every page again, reusing the pages of documents that did
// not change, and converts the new ones and those whose conversion read
// something that changed.
func (B *Builder) replan(ctx context.Context) ([]*page, error) {
	b := B.b
	b.reuse = make(map[*content.Document]*page, len(B.pages))
	for _, p := range B.pages {
		if p.doc != nil && p.paginator == nil {
			b.reuse[p.doc] = p
		}
	}
	b.paginated = nil
	docs, pages := b.plan()
	b.reuse = nil
	done := map[*page]bool{}
	for round := 0; ; round++ {
		var conv []*page
		for _, p := range docs {
			if !done[p] && (p.fresh || B.depsChanged(p.conv, p.convAt)) {
				conv = append(conv, p)
			}
		}
		if len(conv) == 0 {
			break
		}
		if round > 8 {
			return nil, errors.New("posts that show each other's content keep changing; stop and run shine build")
		}
		for _, p := range conv {
			done[p] = true
			if !p.fresh {
				// Refill the map in place: site.posts and the neighbours hold it.
				clear(p.data)
				maps.Copy(p.data, b.docPage(p.doc).data)
			}
		}
		if err := b.convertAll(ctx, conv); err != nil {
			return nil, err
		}
		for _, p := range conv {
			p.convAt = B.gen
			if !p.fresh {
				B.bumpDoc(p.doc)
			}
		}
	}
	return b.finishPlan(docs, pages, checkDuplicates)
}

// render renders pages on all cores into memory.
func (B *Builder) render(ctx context.Context, todo []*page) (map[*page][]byte, error) {
	b := B.b
	var mu sync.Mutex
	out := make(map[*page][]byte, len(todo))
	b.emit = func(p *page, data []byte) error {
		mu.Lock()
		out[p] = bytes.Clone(data)
		mu.Unlock()
		return nil
	}
	defer func() { b.emit = func(p *page, data []byte) error { return b.out.write(p.dest, data) } }()
	err := parallel(ctx, len(todo), func(i int, buf *bytes.Buffer) error {
		p := todo[i]
		return safely(p.path, func() error { return b.renderPage(p, buf) })
	})
	return out, err
}

// write writes the rendered pages whose bytes changed, copies changed
// static files, removes outputs no source makes any more, and records it.
func (B *Builder) write(s *content.Site, all, todo []*page, rendered map[*page][]byte, ch *Change) error {
	out := B.b.out
	ch.Rendered = len(todo)
	for _, p := range todo {
		r := B.outputs[p.dest]
		if r == nil || r.static != nil || r.hash != p.hash {
			if err := out.write(p.dest, rendered[p]); err != nil {
				return err
			}
			ch.Written = append(ch.Written, p.dest)
		}
		B.outputs[p.dest] = B.recordOf(p)
	}
	keep := make(map[string]bool, len(all)+len(s.Static))
	for _, p := range all {
		keep[p.dest] = true
	}
	for _, f := range s.Static {
		keep[f.Dest] = true
		if r := B.outputs[f.Dest]; r != nil && r.static == f {
			continue
		}
		if err := out.copyStatic(s, f); err != nil {
			return err
		}
		ch.Written = append(ch.Written, f.Dest)
		B.outputs[f.Dest] = &record{at: B.gen, static: f}
	}
	for dest := range B.outputs {
		if !keep[dest] {
			if err := out.remove(dest); err != nil {
				return err
			}
			delete(B.outputs, dest)
			ch.Removed = append(ch.Removed, dest)
		}
	}
	sort.Strings(ch.Written)
	sort.Strings(ch.Removed)
	return nil
}

// stale says whether page p must be rendered again, given the record of
// what last wrote its output file.
func (B *Builder) stale(p *page, r *record) bool {
	if r == nil || r.static != nil || r.always || (p.raw != nil && !p.tracked) {
		return true
	}
	at := r.at
	if p.sitemap {
		return B.mapAt > at
	}
	if p.doc != nil {
		if r.doc != p.doc.Path || B.docAt[p.doc.Path] > at {
			return true
		}
	} else if r.doc != "" {
		return true
	}
	if sigOf(p) != r.sig {
		return true
	}
	listed := B.b.listedDocs(p)
	if !slices.Equal(listed, r.listed) {
		return true
	}
	for _, d := range listed {
		if B.docAt[d] > at {
			return true
		}
	}
	if p.doc == nil && p.raw == nil && B.keyAt["data"] > at {
		return true // author pages carry profiles from _data
	}
	return B.depsChanged(r.deps, at)
}

// depsChanged says whether anything d records changed after generation at.
func (B *Builder) depsChanged(d *deps, at uint64) bool {
	if d == nil {
		return true
	}
	if d.urls && B.urlsAt > at {
		return true
	}
	if B.anyKey > at {
		if d.keys["*"] {
			return true
		}
		for k := range d.keys {
			if B.keyAt[k] > at {
				return true
			}
		}
	}
	for _, l := range d.layouts {
		if B.layoutAt[l] > at {
			return true
		}
	}
	for f := range d.includes {
		if B.incAt[f] > at {
			return true
		}
	}
	return false
}

func (B *Builder) bumpKey(k string) {
	B.keyAt[k] = B.gen
	B.anyKey = B.gen
}

// bumpDoc marks a document and the site lists that hold it as changed.
func (B *Builder) bumpDoc(d *content.Document) {
	B.docAt[d.Path] = B.gen
	switch {
	case d.IsPost():
		for _, k := range postKeys {
			B.bumpKey(k)
		}
	case d.Collection != "":
		B.bumpKey(d.Collection)
		B.bumpKey("documents")
		B.bumpKey("collections")
	default:
		B.bumpKey("pages")
		B.bumpKey("html_pages")
	}
}

// index maps each source path to its document or static file.
func (B *Builder) index() map[string]any {
	s := B.site
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
func (B *Builder) replace(old any, d *content.Document, st *content.StaticFile) {
	s := B.site
	oldURL := ""
	switch o := old.(type) {
	case *content.Document:
		oldURL = o.URL
		B.bumpDoc(o)
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
		B.bumpKey("static_files")
		s.Static = slices.DeleteFunc(s.Static, func(x *content.StaticFile) bool { return x == o })
	}
	newURL := ""
	switch {
	case d != nil:
		newURL = d.URL
		B.bumpDoc(d)
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
		B.bumpKey("static_files")
		s.Static = append(s.Static, st)
	}
	if oldURL != newURL || old == nil {
		B.urlsAt = B.gen
	}
	od, _ := old.(*content.Document)
	if od == nil || d == nil || !sameMapEntry(od, d) {
		B.mapAt = B.gen
	}
	if od == nil || d == nil || od.Layout != d.Layout {
		B.recheck = true
	}
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

// sameMapEntry says whether two versions of a document make the same
// sitemap entry.
func sameMapEntry(a, b *content.Document) bool {
	return a.URL == b.URL && a.Dest == b.Dest && a.Date.Equal(b.Date) &&
		reflect.DeepEqual(a.Data["last_modified_at"], b.Data["last_modified_at"]) &&
		reflect.DeepEqual(a.Data["sitemap"], b.Data["sitemap"])
}

// reloadLayouts reads the layouts again and re-parses the changed ones.
// A layout added or removed changes which pages are generated: full.
func (B *Builder) reloadLayouts() (full bool, err error) {
	s, b := B.site, B.b
	nl, err := s.ReadLayouts(B.copts)
	if err != nil {
		return false, err
	}
	if len(nl) != len(s.Layouts) {
		return true, nil
	}
	parsed := map[string]bool{}
	var errs []error
	for name, l := range nl {
		old, ok := s.Layouts[name]
		if !ok {
			return true, nil
		}
		if sameLayout(old, l) {
			continue
		}
		tpl, err := b.tpl.parse(l.Body, l.Path, l.BodyLine)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		b.layouts[name] = tpl
		parsed[name] = true
	}
	if len(errs) > 0 {
		return false, errors.Join(errs...)
	}
	for name := range parsed {
		B.layoutAt[name] = B.gen
	}
	s.Layouts = nl
	return false, nil
}

func sameLayout(a, b *content.Layout) bool {
	return a.Path == b.Path && a.Parent == b.Parent && a.BodyLine == b.BodyLine &&
		bytes.Equal(a.Body, b.Body) && reflect.DeepEqual(a.Data, b.Data)
}

// listedDocs are the documents a page shows besides its own: a post's
// neighbours, a listing's posts, a paginator's posts, the feed's entries.
func (b *builder) listedDocs(p *page) []string {
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
