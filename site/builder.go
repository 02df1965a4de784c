package site

import (
	"context"
	"hash/maphash"
	"os"
	"time"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site/deps"
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
	e    *engine
	// pages are every output page of the last good plan; docs are its
	// posts and documents (converted before the rest), byPath the one
	// page of each document by source path (not the paginated index),
	// byDest every page by output path.
	pages  []*page
	docs   []*page
	byPath map[string]*page
	byDest map[string]*page

	// tracker counts builds (generations) and keeps what changed in
	// each, in which document fields, and which output files read each
	// input (see stale.go for the inputs).
	tracker   *deps.Tracker
	destsHash uint64 // of the pages' output paths, in order
	recheck   bool   // some document's layout changed: is the theme still used?
	urlsDone  uint64 // the generation the URL index was built for
	outputs   map[string]*record
	// replanning says a rebuild changed the site's lists of documents
	// and has not finished planning and writing them: until one does,
	// no rebuild may patch the last plan in place.
	replanning bool

	// pending are the changed paths of rebuilds that failed: they are
	// applied again with the next ones, so nothing a failure skipped
	// stays stale. full says the next rebuild must be a full one.
	pending map[string]bool
	full    bool

	// hashes are the hashes of the config and the includes as the last
	// good build read them, so a save that leaves one as it was rebuilds
	// nothing; rehashed are new ones, kept when a rebuild succeeds.
	hashes, rehashed map[string]uint64

	// styles is the session's Dart Sass, kept across rebuilds.
	styles *stylesheets
}

// record is what wrote one output file.
type record struct {
	at     uint64 // the generation it was written in
	hash   uint64
	doc    string      // the document rendered, if any
	reads  *deps.Reads // what the render read
	listed []string    // the documents the page lists or links as neighbours
	sig    uint64      // a generated page's own data (title, paginator)
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
		opts:    opts,
		copts:   opts.contentOptions(),
		full:    true,
		tracker: deps.New(),
	}
}

// BaseURL is the site's baseurl after the last good build, "" before one.
func (b *Builder) BaseURL() string {
	if b.site == nil {
		return ""
	}
	return b.site.Config.BaseURL
}

// Build loads the source, renders every page into a temporary folder and
// swaps it in. On error the destination is left as it was.
func (b *Builder) Build(ctx context.Context) (*Result, error) { return b.build(ctx, true) }

// build is Build; keep says to keep what incremental rebuilds need, which
// a one-off build has no use for.
func (b *Builder) build(ctx context.Context, keep bool) (*Result, error) {
	start := time.Now()
	b.full = true
	s, loadErr := content.Load(b.opts.Source, b.copts)
	if s == nil {
		return nil, loadErr
	}
	out, err := newOutput(b.opts.Destination, s.Config.KeepFiles)
	if err != nil {
		return nil, err
	}
	e := newEngine(s, out)
	e.styles = b.stylesheets()
	// A site with load errors is still rendered, without the files at
	// fault, so that its render errors are reported in the same run.
	e.failed = filesOf(loadErr)
	all, res, err := e.renderAll(ctx, b.opts.Progress, checkDuplicates)
	if err != nil || loadErr != nil {
		out.abort()
		return nil, joinAll(loadErr, err)
	}
	if err := out.commit(); err != nil {
		return nil, err
	}
	if keep {
		b.remember(s, e, all)
	}
	res.Duration = time.Since(start)
	res.Warnings = append(s.Warnings, res.Warnings...)
	res.Warnings = append(res.Warnings, e.styles.warnings()...)
	return res, nil
}

// remember keeps a full build's state for the rebuilds after it.
func (b *Builder) remember(s *content.Site, e *engine, all []*page) {
	gen := b.tracker.Next()
	b.tracker.Reset()
	b.site, b.e, b.pages = s, e, all
	b.urlsDone = gen
	b.destsHash = destsHash(all)
	b.outputs = make(map[string]*record, len(all)+len(s.Static))
	for _, p := range all {
		b.record(p)
		p.convAt, p.fresh = gen, false
	}
	for _, f := range s.Static {
		b.outputs[f.Dest] = &record{at: gen, static: f}
	}
	b.indexPages(all)
	b.hashSources(all)
	b.pending = nil
	b.full = false
	b.replanning = false
}

// indexPages finds the documents' pages of a plan, by source and by
// output path.
func (b *Builder) indexPages(all []*page) {
	b.pages = all
	b.docs = make([]*page, 0, len(b.docs))
	b.byPath = make(map[string]*page, len(all))
	b.byDest = make(map[string]*page, len(all))
	for _, p := range all {
		b.byDest[p.dest] = p
		if p.doc == nil || p.paginator != nil {
			continue
		}
		b.byPath[p.doc.Path] = p
		if p.doc.Collection != "" {
			b.docs = append(b.docs, p)
		}
	}
}

// record records page p, just rendered in this generation, as what
// wrote its output file, and indexes it under the inputs it read.
func (b *Builder) record(p *page) *record {
	r := &record{at: b.tracker.Gen(), hash: p.hash, reads: p.reads, listed: b.e.listedDocs(p), sig: sigOf(p)}
	if p.doc != nil {
		r.doc = p.doc.Path
	}
	r.always = p.raw != nil && !p.tracked
	b.outputs[p.dest] = r
	b.indexReaders(p, r)
	return r
}

var hashSeed = maphash.MakeSeed()

func hashBytes(b []byte) uint64 { return maphash.Bytes(hashSeed, b) }

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
