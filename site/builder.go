package site

import (
	"context"
	"hash/maphash"
	"os"
	"time"

	"github.com/shine-blog/shine/content"
)

// Builder builds a site and keeps, between builds, what an incremental
// rebuild needs: the loaded site, the parsed layouts and includes, the
// converted posts, and for every output file what its last render read.
// Build is a full build; Rebuild re-reads the changed source files and
// re-renders only the pages that read something that changed, through the
// same code. A Builder is not safe for concurrent use.
type Builder struct {
	opts  Options
	copts content.Options

	site *content.Site
	b    *builder
	// pages are every output page of the last good plan; docs are its
	// posts and documents (converted before the rest), byPath the one
	// page of each document by source path (not the paginated index),
	// byDest every page by output path.
	pages  []*page
	docs   []*page
	byPath map[string]*page
	byDest map[string]*page

	// gen counts builds; each input remembers the generation it last
	// changed in: a document by path, a layout by name, an include by
	// file, a derived site key by name, and the URL of any document.
	gen      uint64
	docAt    map[string]uint64
	layoutAt map[string]uint64
	incAt    map[string]uint64
	keyAt    map[string]uint64
	anyKey   uint64 // the last generation any derived site key changed in
	// docFields and keyFields keep, for each document and derived site
	// key, its recent changes with the document fields each touched, so
	// a page that lists a post but shows none of the changed fields is
	// left alone (see fields.go).
	docFields map[string]*history
	keyFields map[string]*history
	// fieldsRead caches, per layout ("l:") or include ("i:"), the fields
	// its text names.
	fieldsRead map[string]fieldSet
	urlsAt     uint64
	mapAt      uint64 // the last generation a sitemap entry changed in
	destsHash  uint64 // of the pages' output paths, in order
	recheck    bool   // some document's layout changed: is the theme still used?
	urlsDone   uint64 // the generation the URL index was built for
	outputs    map[string]*record
	// readers maps each input (see incremental_inputs.go) to the
	// output files whose last render read it; dirty are the inputs
	// changed since the last good rebuild. Together they find the pages
	// a save makes stale without looking at every page.
	readers map[string]map[string]struct{}
	dirty   map[string]bool
	// replanning says a rebuild changed the site's lists of documents
	// and has not finished planning and writing them: until one does,
	// no rebuild may patch the last plan in place.
	replanning bool

	// pending are the changed paths of rebuilds that failed: they are
	// applied again with the next ones, so nothing a failure skipped
	// stays stale. full says the next rebuild must be a full one.
	pending map[string]bool
	full    bool

	// styles is the session's Dart Sass, kept across rebuilds.
	styles *stylesheets
}

// record is what wrote one output file.
type record struct {
	at     uint64 // the generation it was written in
	hash   uint64
	doc    string   // the document rendered, if any
	deps   *deps    // what the render read
	listed []string // the documents the page lists or links as neighbours
	sig    uint64   // a generated page's own data (title, paginator)
	static *content.StaticFile
	always bool // cheap generated files (sitemap, robots), made every time
}

// NewBuilder returns a Builder for opts. Options.Now, when zero, is fixed
// at the first build, so site.time does not change under incremental
// rebuilds (it would make every page that shows it stale on each save).
func NewBuilder(opts Options) *Builder {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	return &Builder{
		opts:  opts,
		copts: opts.contentOptions(),
		full:  true,
	}
}

// Site is the site of the last good build.
func (B *Builder) Site() *content.Site { return B.site }

// Build loads the source, renders every page into a temporary folder and
// swaps it in. On error the destination is left as it was.
func (B *Builder) Build(ctx context.Context) (*Result, error) { return B.build(ctx, true) }

// build is Build; keep says to keep what incremental rebuilds need, which
// a one-off build has no use for.
func (B *Builder) build(ctx context.Context, keep bool) (*Result, error) {
	start := time.Now()
	B.full = true
	s, err := content.Load(B.opts.Source, B.copts)
	if err != nil {
		return nil, err
	}
	out, err := newOutput(B.opts.Destination, s.Config.KeepFiles)
	if err != nil {
		return nil, err
	}
	b := newBuilder(s, out)
	b.styles = B.stylesheets()
	all, r, err := b.renderAll(ctx, B.opts.Progress, checkDuplicates)
	if err != nil {
		out.abort()
		return nil, err
	}
	if err := out.commit(); err != nil {
		return nil, err
	}
	if keep {
		B.remember(s, b, all)
	}
	r.Duration = time.Since(start)
	r.Warnings = append(s.Warnings, r.Warnings...)
	r.Warnings = append(r.Warnings, b.styles.warnings()...)
	return r, nil
}

// remember keeps a full build's state for the rebuilds after it.
func (B *Builder) remember(s *content.Site, b *builder, all []*page) {
	B.gen++
	B.site, B.b, B.pages = s, b, all
	B.docAt, B.layoutAt = map[string]uint64{}, map[string]uint64{}
	B.incAt, B.keyAt = map[string]uint64{}, map[string]uint64{}
	B.anyKey, B.urlsAt, B.urlsDone, B.mapAt = 0, 0, B.gen, 0
	B.docFields, B.keyFields = map[string]*history{}, map[string]*history{}
	B.fieldsRead = map[string]fieldSet{}
	B.destsHash = destsHash(all)
	B.outputs = make(map[string]*record, len(all)+len(s.Static))
	B.readers = map[string]map[string]struct{}{}
	for _, p := range all {
		B.record(p)
		p.convAt, p.fresh = B.gen, false
	}
	for _, f := range s.Static {
		B.outputs[f.Dest] = &record{at: B.gen, static: f}
	}
	B.indexPages(all)
	B.dirty = map[string]bool{}
	B.pending = nil
	B.full = false
	B.replanning = false
}

// indexPages finds the documents' pages of a plan, by source and by
// output path.
func (B *Builder) indexPages(all []*page) {
	B.pages = all
	B.docs = make([]*page, 0, len(B.docs))
	B.byPath = make(map[string]*page, len(all))
	B.byDest = make(map[string]*page, len(all))
	for _, p := range all {
		B.byDest[p.dest] = p
		if p.doc == nil || p.paginator != nil {
			continue
		}
		B.byPath[p.doc.Path] = p
		if p.doc.Collection != "" {
			B.docs = append(B.docs, p)
		}
	}
}

// record records page p, just rendered in this generation, as what
// wrote its output file, and indexes it under the inputs it read.
func (B *Builder) record(p *page) *record {
	r := &record{at: B.gen, hash: p.hash, deps: p.deps, listed: B.b.listedDocs(p), sig: sigOf(p)}
	if p.doc != nil {
		r.doc = p.doc.Path
	}
	r.always = p.raw != nil && !p.tracked
	B.outputs[p.dest] = r
	B.indexReaders(p, r)
	return r
}

var hashSeed = maphash.MakeSeed()

func hashBytes(b []byte) uint64 { return maphash.Bytes(hashSeed, b) }

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
