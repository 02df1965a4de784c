package site

import (
	"bytes"
	"context"
	"errors"
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
	"github.com/shine-blog/shine/site/deps"
	"github.com/shine-blog/shine/site/liquid"
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

// Rebuild brings the destination up to date after the source files at
// paths (relative to the source folder, or absolute under it) changed,
// were created or were removed. It re-reads only those files and renders
// only the pages that read something that changed; a change it cannot
// follow (the config, a folder, a new or removed layout, the theme
// switching on or off) builds everything. On error nothing is written:
// the last good pages stay, and the paths are tried again with the next
// rebuild.
func (b *Builder) Rebuild(ctx context.Context, paths []string) (*Change, error) {
	start := time.Now()
	if b.pending == nil {
		b.pending = map[string]bool{}
	}
	for _, p := range paths {
		if rel, ok := b.rel(p); ok {
			b.pending[rel] = true
		}
	}
	if b.full || b.site == nil {
		return b.rebuildAll(ctx, start)
	}
	all := slices.Sorted(maps.Keys(b.pending))
	ch, full, err := b.incremental(ctx, all)
	if full {
		return b.rebuildAll(ctx, start)
	}
	if err != nil {
		return nil, err
	}
	if err := b.searchRebuilt(ch); err != nil {
		return nil, err
	}
	b.pending = nil
	b.tracker.Clean()
	maps.Copy(b.hashes, b.rehashed)
	clear(b.rehashed)
	ch.Duration = time.Since(start)
	return ch, nil
}

func (b *Builder) rebuildAll(ctx context.Context, start time.Time) (*Change, error) {
	r, err := b.Build(ctx)
	if err != nil {
		return nil, err
	}
	return &Change{Full: true, Rendered: r.Pages, Duration: time.Since(start), Warnings: r.Warnings}, nil
}

// rel makes p relative to the source folder, slash-separated.
func (b *Builder) rel(p string) (string, bool) {
	if filepath.IsAbs(p) {
		src, err := filepath.Abs(b.opts.Source)
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

// reread is one changed source file read again: what it was, and the
// document or static file it is now (neither when it is gone).
type reread struct {
	rel string
	old any
	d   *content.Document
	st  *content.StaticFile
}

// incremental applies the changed paths to the site and renders what
// depends on them. full asks for a full build instead.
func (b *Builder) incremental(ctx context.Context, paths []string) (ch *Change, full bool, err error) {
	s, e := b.site, b.e
	b.tracker.Next()
	ch = &Change{}
	var errs []error
	var files []string
	layouts, data := false, false
	for _, rel := range paths {
		if st, err := os.Stat(filepath.Join(s.Source, filepath.FromSlash(rel))); err == nil && st.IsDir() {
			return nil, true, nil // a new or moved folder: walk it all
		}
		if b.sameBytes(rel) {
			continue // saved as it was
		}
		// Any file may be included, by include_relative if not from _includes.
		e.tpl.Forget(rel)
		b.bumpInclude(rel)
		switch s.Classify(rel, b.copts) {
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
		changed, f, err := b.reloadLayouts()
		if f || err != nil {
			return nil, f, err
		}
		layouts = changed
	}
	if data {
		d, err := s.ReadData()
		switch {
		case err != nil:
			errs = append(errs, err)
		case reflect.DeepEqual(d, s.Data):
			data = false // saved as it was
		default:
			s.Data = d
			b.bumpKey("data")
		}
	}
	changes, full, rerr := b.reread(files, ch)
	if full {
		return nil, true, nil
	}
	if rerr != nil {
		errs = append(errs, rerr)
	}
	if len(errs) > 0 {
		return nil, false, errors.Join(errs...)
	}
	if ok, retag := b.inPlace(changes); ok && !layouts && !data {
		full, err := b.patch(ctx, changes, retag, ch)
		return ch, full, err
	}

	// The site's lists change: plan everything again. Until that
	// succeeds, no rebuild may patch the last plan.
	b.replanning = true
	for _, c := range changes {
		b.replace(c.old, c.d, c.st)
	}
	if len(changes) > 0 {
		s.Sort()
	}
	if (b.recheck || layouts) && s.RecheckTheme() != s.UsesTheme {
		return nil, true, nil
	}
	b.recheck = false
	if at := b.tracker.ChangedAt(deps.URLs); at > b.urlsDone {
		e.tpl.SetURLs(liquid.NewURLIndex(s))
		b.urlsDone = at
	}

	all, err := b.replan(ctx)
	if err != nil {
		return nil, false, err
	}
	// The sitemap lists every page in order: a page made, gone or moved
	// in the order (a tag's first post changed) changes it.
	if h := destsHash(all); h != b.destsHash {
		b.bumpSitemap()
		b.destsHash = h
	}
	var todo []*page
	for _, p := range all {
		if b.stale(p, b.outputs[p.dest]) {
			todo = append(todo, p)
		}
	}
	if len(todo) > maxIncremental {
		return nil, true, nil
	}
	rendered, err := b.render(ctx, todo)
	if err != nil {
		return nil, false, err
	}
	if err := b.write(s, all, todo, rendered, ch); err != nil {
		return nil, false, err
	}
	b.indexPages(all)
	b.replanning = false
	return ch, false, nil
}

// reread reads the changed files again. Nothing in the site changes
// yet, so a failure leaves it as the last good build made it.
func (b *Builder) reread(files []string, ch *Change) ([]reread, bool, error) {
	s := b.site
	var index map[string]any
	var out []reread
	var errs []error
	for _, rel := range files {
		var old any
		if p := b.byPath[rel]; p != nil && !b.replanning {
			old = p.doc // the plan and the site agree
		} else {
			if index == nil {
				index = b.index()
			}
			old = index[rel]
			if old == nil && !fileExists(filepath.Join(s.Source, filepath.FromSlash(rel))) && hasUnder(index, rel) {
				return nil, true, nil // a folder went away
			}
		}
		d, st, warn, err := s.Reread(rel, b.copts)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if warn != "" {
			ch.Warnings = append(ch.Warnings, warn)
		}
		if b.unchanged(old, d, st) {
			continue
		}
		out = append(out, reread{rel, old, d, st})
	}
	return out, false, errors.Join(errs...)
}

// inPlace says whether every change is a document taking its own place
// in the last plan, which then needs no planning again; retag says some
// post's tags or categories changed.
func (b *Builder) inPlace(changes []reread) (ok, retag bool) {
	if b.replanning {
		return false, false
	}
	for _, c := range changes {
		if c.old == nil && c.d == nil && c.st == nil {
			continue // not part of the site, before or now
		}
		old, _ := c.old.(*content.Document)
		p := b.byPath[c.rel]
		if old == nil || c.d == nil || p == nil || p.doc != old {
			return false, false
		}
		same, re := b.samePlace(old, c.d)
		if !same {
			return false, false
		}
		retag = retag || re
	}
	return true, retag
}

// patch applies in-place document changes to the last plan: each page
// takes its new document, keeping its Liquid map where the site lists
// and the generated pages hold it, and only the pages that read what
// changed are looked at and rendered. After a change of tags the
// generated pages are made again, and each is looked at too.
func (b *Builder) patch(ctx context.Context, changes []reread, retag bool, ch *Change) (full bool, err error) {
	var fresh []*page
	for _, c := range changes {
		old, _ := c.old.(*content.Document)
		if old == nil {
			continue
		}
		if !b.swapDoc(old, c.d) {
			return false, errors.New(c.rel + ": document not found in the site")
		}
		p := b.byPath[c.rel]
		b.e.refill(p, c.d)
		p.fresh = true
		fresh = append(fresh, p)
		b.bumpDocFields(c.d, changedFields(old, c.d))
	}
	var all, oldGen []*page
	if retag {
		// Until the new generated pages are written, the last plan is
		// not what the site's lists say.
		b.replanning = true
		oldGen = b.e.genPages
		all = b.retag(changes)
		if h := destsHash(all); h != b.destsHash {
			b.bumpSitemap()
			b.destsHash = h
		}
	}
	b.wikiIndexed(b.e.planPages)
	if err := b.reconvert(ctx, b.docs, fresh); err != nil {
		return false, err
	}
	wikiPages, err := b.wikiLinked()
	if err != nil {
		return false, err
	}
	candidates := append(b.readersOfDirty(), wikiPages...)
	if retag {
		candidates = append(candidates, b.e.genPages...)
	}
	var todo []*page
	seen := make(map[*page]bool, len(candidates))
	for _, p := range candidates {
		if !seen[p] && b.stale(p, b.outputs[p.dest]) {
			todo = append(todo, p)
		}
		seen[p] = true
	}
	if len(todo) > maxIncremental {
		return true, nil // an include every page uses: build it all
	}
	rendered, err := b.render(ctx, todo)
	if err != nil {
		return false, err
	}
	if err := b.writeRendered(todo, rendered, ch); err != nil {
		return false, err
	}
	if retag {
		for _, p := range oldGen {
			if b.byDest[p.dest] != nil {
				continue
			}
			if err := b.e.out.remove(p.dest); err != nil {
				return false, err
			}
			delete(b.outputs, p.dest)
			ch.Removed = append(ch.Removed, p.dest)
		}
		sort.Strings(ch.Removed)
		b.pages = all
		b.replanning = false
	}
	return false, nil
}

// replan plans every page again, reusing the pages of documents that did
// not change, and converts the new ones and those whose conversion read
// something that changed.
func (b *Builder) replan(ctx context.Context) ([]*page, error) {
	e := b.e
	e.reuse = make(map[*content.Document]*page, len(b.pages))
	for _, p := range append(b.pages[:len(b.pages):len(b.pages)], e.unwritten...) {
		if p.doc != nil && p.paginator == nil {
			e.reuse[p.doc] = p
		}
	}
	e.paginated = nil
	docs, pages := e.plan()
	e.reuse = nil
	e.mapPages(docs)
	b.wikiIndexed(nil)
	if err := b.reconvert(ctx, append(docs[:len(docs):len(docs)], e.unwritten...), nil); err != nil {
		return nil, err
	}
	all, err := e.finishPlan(docs, pages, checkDuplicates)
	if err == nil {
		b.wikiBacklinksChanged()
	}
	return all, err
}

// reconvert converts the posts and documents among docs that are fresh
// or whose conversion read something that changed, and again those that
// read one of them, until none is left. With fresh (the plan kept, and
// docs its documents), only fresh, the conversions that failed last
// time and those filed under an input changed since the last good
// rebuild are looked at, not every document.
func (b *Builder) reconvert(ctx context.Context, docs, fresh []*page) error {
	e := b.e
	done := map[*page]bool{}
	defer func() {
		for p := range done {
			p.fresh = false
		}
	}()
	kept := fresh != nil
	b.indexConversions(docs)
	for round := 0; ; round++ {
		candidates := docs
		if kept {
			candidates = b.conversionsToCheck(fresh)
		}
		var conv []*page
		for _, p := range candidates {
			if !done[p] && (p.fresh || b.tracker.Stale(p.conv, p.convAt, deps.AllFields)) {
				conv = append(conv, p)
			}
		}
		if len(conv) == 0 {
			return nil
		}
		if round > 8 {
			return errors.New("posts that show each other's content keep changing; stop and run shine build")
		}
		for _, p := range conv {
			done[p] = true
			if !p.fresh {
				// Refill the map in place: site.posts and the neighbours hold it.
				e.refill(p, p.doc)
			}
		}
		if err := e.convertAll(ctx, conv); err != nil {
			for _, p := range conv {
				p.conv = nil // what a failed conversion read is unknown: convert it next time
				b.conv.failed[p] = true
			}
			return err
		}
		for _, p := range conv {
			p.convAt = b.tracker.Gen()
			delete(b.conv.failed, p)
			b.indexConversion(p)
			if !p.fresh {
				b.bumpDoc(p.doc)
			}
		}
	}
}

// convIndex files the conversions of posts and documents in the
// tracker under the inputs they read, as outputs of their own
// (convPrefix and the source path), so a rebuild finds the conversions
// an edit makes stale without looking at every document.
type convIndex struct {
	epoch  uint64 // the tracker's epoch they were filed in, 0 for none
	failed map[*page]bool
}

// convPrefix starts the name a conversion is filed under; no output
// path starts with it.
const convPrefix = "\x00conv\x00"

// indexConversions files every conversion of docs, once after each
// full build.
func (b *Builder) indexConversions(docs []*page) {
	if b.conv.epoch == b.tracker.Epoch() {
		return
	}
	b.conv.epoch = b.tracker.Epoch()
	b.conv.failed = map[*page]bool{}
	for _, p := range docs {
		b.indexConversion(p)
	}
}

func (b *Builder) indexConversion(p *page) {
	for _, in := range p.conv.Inputs() {
		b.tracker.Read(convPrefix+p.doc.Path, in)
	}
}

// conversionsToCheck are the conversions of the kept plan that may be
// stale: the fresh ones, those that failed, and those filed under an
// input changed since the last good rebuild, in the plan's order.
func (b *Builder) conversionsToCheck(fresh []*page) []*page {
	seen := map[*page]bool{}
	var out []*page
	add := func(p *page) {
		if p != nil && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, p := range fresh {
		add(p)
	}
	for p := range b.conv.failed {
		if b.byPath[p.doc.Path] == p {
			add(p)
		}
	}
	for _, o := range b.tracker.DirtyReaders() {
		if path, ok := strings.CutPrefix(o, convPrefix); ok {
			add(b.byPath[path])
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].doc.Path < out[j].doc.Path })
	return out
}

// render renders pages on all cores into memory.
func (b *Builder) render(ctx context.Context, todo []*page) (map[*page][]byte, error) {
	e := b.e
	out, err := newDirectOutput(b.opts.Destination)
	if err != nil {
		return nil, err
	}
	e.out = out
	var mu sync.Mutex
	rendered := make(map[*page][]byte, len(todo))
	e.emit = func(p *page, data []byte) error {
		mu.Lock()
		rendered[p] = bytes.Clone(data)
		mu.Unlock()
		return nil
	}
	defer func() { e.emit = func(p *page, data []byte) error { return e.out.write(p.dest, data) } }()
	err = e.parallel(ctx, len(todo), false, func(i int, w *worker) error {
		p := todo[i]
		return safely(p.path, func() error { return e.renderPage(p, w) })
	})
	return rendered, err
}

// writeRendered writes the rendered pages whose bytes changed and
// records them.
func (b *Builder) writeRendered(todo []*page, rendered map[*page][]byte, ch *Change) error {
	ch.Rendered = len(todo)
	var rels []string
	var data [][]byte
	for _, p := range todo {
		r := b.outputs[p.dest]
		if r == nil || r.static != nil || r.hash != p.hash {
			rels, data = append(rels, p.dest), append(data, rendered[p])
		}
	}
	if err := b.e.out.writeAll(rels, data); err != nil {
		return err
	}
	for _, p := range todo {
		b.record(p)
	}
	ch.Written = append(ch.Written, rels...)
	sort.Strings(ch.Written)
	return nil
}

// write writes the rendered pages whose bytes changed, copies changed
// static files, removes outputs no source makes any more, and records it.
func (b *Builder) write(s *content.Site, all, todo []*page, rendered map[*page][]byte, ch *Change) error {
	out := b.e.out
	if err := b.writeRendered(todo, rendered, ch); err != nil {
		return err
	}
	keep := make(map[string]bool, len(all)+len(s.Static))
	for _, p := range all {
		keep[p.dest] = true
	}
	for _, f := range s.Static {
		keep[f.Dest] = true
		if r := b.outputs[f.Dest]; r != nil && r.static == f {
			continue
		}
		if err := out.copyStatic(s, f); err != nil {
			return err
		}
		ch.Written = append(ch.Written, f.Dest)
		b.outputs[f.Dest] = &record{at: b.tracker.Gen(), static: f}
	}
	for dest := range b.outputs {
		if !keep[dest] {
			if err := out.remove(dest); err != nil {
				return err
			}
			delete(b.outputs, dest)
			ch.Removed = append(ch.Removed, dest)
		}
	}
	sort.Strings(ch.Written)
	sort.Strings(ch.Removed)
	return nil
}
