package site

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/shine-blog/shine/content"
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
	clear(B.dirty)
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
func (B *Builder) incremental(ctx context.Context, paths []string) (ch *Change, full bool, err error) {
	s, b := B.site, B.b
	B.gen++
	ch = &Change{}
	var errs []error
	var files []string
	layouts, data := false, false
	for _, rel := range paths {
		if st, err := os.Stat(filepath.Join(s.Source, filepath.FromSlash(rel))); err == nil && st.IsDir() {
			return nil, true, nil // a new or moved folder: walk it all
		}
		// Any file may be included, by include_relative if not from _includes.
		b.tpl.Forget(rel)
		B.bumpInclude(rel)
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
	changes, full, rerr := B.reread(files, ch)
	if full {
		return nil, true, nil
	}
	if rerr != nil {
		errs = append(errs, rerr)
	}
	if len(errs) > 0 {
		return nil, false, errors.Join(errs...)
	}
	if ok, retag := B.inPlace(changes); ok && !layouts && !data {
		full, err := B.patch(ctx, changes, retag, ch)
		return ch, full, err
	}

	// The site's lists change: plan everything again. Until that
	// succeeds, no rebuild may patch the last plan.
	B.replanning = true
	for _, c := range changes {
		B.replace(c.old, c.d, c.st)
	}
	if len(changes) > 0 {
		s.Sort()
	}
	if (B.recheck || layouts) && s.RecheckTheme() != s.UsesTheme {
		return nil, true, nil
	}
	B.recheck = false
	if B.urlsAt > B.urlsDone {
		b.tpl.SetURLs(liquid.NewURLIndex(s))
		B.urlsDone = B.urlsAt
	}

	all, err := B.replan(ctx)
	if err != nil {
		return nil, false, err
	}
	// The sitemap lists every page in order: a page made, gone or moved
	// in the order (a tag's first post changed) changes it.
	if h := destsHash(all); h != B.destsHash {
		B.bumpSitemap()
		B.destsHash = h
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
	rendered, err := B.render(ctx, todo)
	if err != nil {
		return nil, false, err
	}
	if err := B.write(s, all, todo, rendered, ch); err != nil {
		return nil, false, err
	}
	B.indexPages(all)
	B.replanning = false
	return ch, false, nil
}

// reread reads the changed files again. Nothing in the site changes
// yet, so a failure leaves it as the last good build made it.
func (B *Builder) reread(files []string, ch *Change) ([]reread, bool, error) {
	s := B.site
	var index map[string]any
	var out []reread
	var errs []error
	for _, rel := range files {
		var old any
		if p := B.byPath[rel]; p != nil && !B.replanning {
			old = p.doc // the plan and the site agree
		} else {
			if index == nil {
				index = B.index()
			}
			old = index[rel]
			if old == nil && !fileExists(filepath.Join(s.Source, filepath.FromSlash(rel))) && hasUnder(index, rel) {
				return nil, true, nil // a folder went away
			}
		}
		d, st, warn, err := s.Reread(rel, B.copts)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if warn != "" {
			ch.Warnings = append(ch.Warnings, warn)
		}
		out = append(out, reread{rel, old, d, st})
	}
	return out, false, errors.Join(errs...)
}

// inPlace says whether every change is a document taking its own place
// in the last plan, which then needs no planning again; retag says some
// post's tags or categories changed.
func (B *Builder) inPlace(changes []reread) (ok, retag bool) {
	if B.replanning {
		return false, false
	}
	for _, c := range changes {
		if c.old == nil && c.d == nil && c.st == nil {
			continue // not part of the site, before or now
		}
		old, _ := c.old.(*content.Document)
		p := B.byPath[c.rel]
		if old == nil || c.d == nil || p == nil || p.doc != old {
			return false, false
		}
		same, re := B.samePlace(old, c.d)
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
func (B *Builder) patch(ctx context.Context, changes []reread, retag bool, ch *Change) (full bool, err error) {
	for _, c := range changes {
		old, _ := c.old.(*content.Document)
		if old == nil {
			continue
		}
		if !B.swapDoc(old, c.d) {
			return false, errors.New(c.rel + ": document not found in the site")
		}
		p := B.byPath[c.rel]
		B.b.refill(p, c.d)
		p.fresh = true
		B.bumpDocFields(c.d, changedFields(old, c.d))
	}
	var all, oldGen []*page
	if retag {
		// Until the new generated pages are written, the last plan is
		// not what the site's lists say.
		B.replanning = true
		oldGen = B.b.genPages
		all = B.retag(changes)
		if h := destsHash(all); h != B.destsHash {
			B.bumpSitemap()
			B.destsHash = h
		}
	}
	if err := B.reconvert(ctx, B.docs); err != nil {
		return false, err
	}
	candidates := B.readersOfDirty()
	if retag {
		candidates = append(candidates, B.b.genPages...)
	}
	var todo []*page
	seen := make(map[*page]bool, len(candidates))
	for _, p := range candidates {
		if !seen[p] && B.stale(p, B.outputs[p.dest]) {
			todo = append(todo, p)
		}
		seen[p] = true
	}
	if len(todo) > maxIncremental {
		return true, nil // an include every page uses: build it all
	}
	rendered, err := B.render(ctx, todo)
	if err != nil {
		return false, err
	}
	if err := B.writeRendered(todo, rendered, ch); err != nil {
		return false, err
	}
	if retag {
		for _, p := range oldGen {
			if B.byDest[p.dest] != nil {
				continue
			}
			if err := B.b.out.remove(p.dest); err != nil {
				return false, err
			}
			delete(B.outputs, p.dest)
			ch.Removed = append(ch.Removed, p.dest)
		}
		sort.Strings(ch.Removed)
		B.pages = all
		B.replanning = false
	}
	return false, nil
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
	if err := B.reconvert(ctx, docs); err != nil {
		return nil, err
	}
	return b.finishPlan(docs, pages, checkDuplicates)
}

// reconvert converts the posts and documents among docs that are fresh
// or whose conversion read something that changed, and again those that
// read one of them, until none is left.
func (B *Builder) reconvert(ctx context.Context, docs []*page) error {
	b := B.b
	done := map[*page]bool{}
	defer func() {
		for p := range done {
			p.fresh = false
		}
	}()
	for round := 0; ; round++ {
		var conv []*page
		for _, p := range docs {
			if !done[p] && (p.fresh || B.depsChanged(p.conv, p.convAt)) {
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
				b.refill(p, p.doc)
			}
		}
		if err := b.convertAll(ctx, conv); err != nil {
			for _, p := range conv {
				p.conv = nil // what a failed conversion read is unknown: convert it next time
			}
			return err
		}
		for _, p := range conv {
			p.convAt = B.gen
			if !p.fresh {
				B.bumpDoc(p.doc)
			}
		}
	}
}

// render renders pages on all cores into memory.
func (B *Builder) render(ctx context.Context, todo []*page) (map[*page][]byte, error) {
	b := B.b
	out, err := newDirectOutput(B.opts.Destination)
	if err != nil {
		return nil, err
	}
	b.out = out
	var mu sync.Mutex
	rendered := make(map[*page][]byte, len(todo))
	b.emit = func(p *page, data []byte) error {
		mu.Lock()
		rendered[p] = bytes.Clone(data)
		mu.Unlock()
		return nil
	}
	defer func() { b.emit = func(p *page, data []byte) error { return b.out.write(p.dest, data) } }()
	err = parallel(ctx, len(todo), func(i int, buf *bytes.Buffer) error {
		p := todo[i]
		return safely(p.path, func() error { return b.renderPage(p, buf) })
	})
	return rendered, err
}

// writeRendered writes the rendered pages whose bytes changed and
// records them.
func (B *Builder) writeRendered(todo []*page, rendered map[*page][]byte, ch *Change) error {
	ch.Rendered = len(todo)
	for _, p := range todo {
		r := B.outputs[p.dest]
		if r == nil || r.static != nil || r.hash != p.hash {
			if err := B.b.out.write(p.dest, rendered[p]); err != nil {
				return err
			}
			ch.Written = append(ch.Written, p.dest)
		}
		B.record(p)
	}
	sort.Strings(ch.Written)
	return nil
}

// write writes the rendered pages whose bytes changed, copies changed
// static files, removes outputs no source makes any more, and records it.
func (B *Builder) write(s *content.Site, all, todo []*page, rendered map[*page][]byte, ch *Change) error {
	out := B.b.out
	if err := B.writeRendered(todo, rendered, ch); err != nil {
		return err
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
