package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site/deps"
	"github.com/shine-blog/shine/site/liquid"
	"github.com/shine-blog/shine/site/markdown"
	"github.com/shine-blog/shine/site/search"
	"github.com/shine-blog/shine/site/wiki"
)

// Options say what to build and where.
type Options struct {
	Source      string
	Destination string
	Drafts      bool
	Future      bool
	Unpublished bool
	BaseURL     *string   // overrides the config's baseurl
	Theme       fs.FS     // the theme under the site's own files
	Now         time.Time // the build time; zero means now
	// Progress, when set, is called as pages finish, from many goroutines.
	Progress func(done, total int)
}

// Result describes a finished build.
type Result struct {
	Pages    int // pages, posts and documents written
	Static   int // static files copied
	Duration time.Duration
	Warnings []string
	// BrokenLinks are the wiki links to no page (also among Warnings).
	BrokenLinks []*content.FileError
}

// Build loads the source, renders every page and replaces the destination
// folder with the result in one step. On any error the destination is
// left as it was and every problem found is returned, joined. It is a
// Builder used once; shine serve keeps its Builder for incremental
// rebuilds through the same code.
func Build(ctx context.Context, opts Options) (*Result, error) {
	b := NewBuilder(opts)
	defer b.Close()
	return b.build(ctx, false)
}

// page is one output file to render: a document or a generated page.
type page struct {
	doc       *content.Document // nil for generated pages
	path      string            // source path, or what generated it, for errors
	dest      string
	data      map[string]any // the Liquid page variable
	layout    string
	body      []byte
	bodyLine  int
	markdown  bool
	liquid    bool           // render Liquid in the body
	paginator map[string]any // for paginated pages
	raw       func() ([]byte, error)
	tracked   bool // a raw page rendered through Liquid, whose deps count
	sitemap   bool // the sitemap: stale when any URL or date is

	converted string     // the body after Liquid and Markdown
	links     *pageLinks // the wiki and ordinary links of the body (wikilinks.go)
	// searchRead is the page read for the search index by the worker
	// that rendered it, until the index takes it (search_build.go).
	searchRead search.Doc
	backlinked *content.Document // the document whose page.backlinks data holds; refill clears it
	// excerpt is a post's or document's converted excerpt, when it has
	// one to convert; put in its map with converted once all are done.
	excerpt    string
	hasExcerpt bool
	w          *worker // the worker running the page's render

	// What the renders read, for incremental rebuilds: cur is where the
	// running render records, conv what the conversion of a post or
	// document read, reads what the last render of the page read.
	cur, conv, reads *deps.Reads
	own              map[string]any // the page variable while a page renders
	fresh            bool           // made by this plan, not reused from the last
	convAt           uint64         // the generation conv was recorded in
	hash             uint64         // of the last output
	ownSig           uint64         // a generated page's data beyond title and URL (the wiki tree)
}

// vars is the page variable of the running render.
func (p *page) vars() map[string]any {
	if p.own != nil {
		return p.own
	}
	return p.data
}

// engine holds what every page of one build shares, and renders them.
type engine struct {
	site    *content.Site
	md      *markdown.Converter
	mdErr   error // the site's kramdown: options could not be read
	tpl     *liquid.Engine
	siteMap map[string]any
	layouts map[string]*liquid.Template
	// layoutErrs are the layouts that do not parse, with why.
	layoutErrs map[string]error
	// failed are the source files a load error names: they are not
	// rendered, so their problem is reported once.
	failed  map[string]bool
	out     *output
	derived map[string]bool // the site keys computed from the content
	github  any             // site.github (jekyll-github-metadata), read once per build

	paginated map[*content.Document]bool   // the pages that pagination repeats
	octoLast  map[*content.Document]string // a page octopress-paginate repeats: its last copy's URL
	genErr    error                        // what made the generated pages fail (octopaginate.go)

	// pageOfMap finds the page of a post's or document's Liquid map, by
	// the map's identity, for the documents' values of Liquid.
	pageOfMap map[uintptr]*page
	// allKeys says every key of a document taken whole counts as read
	// (shine check's unread keys), not only that some render took it.
	allKeys bool

	// reuse holds the converted pages of the last build, by document, so
	// an incremental plan converts only what changed.
	reuse map[*content.Document]*page
	// docOfMap finds the document of a post's or document's Liquid map,
	// by the map's identity, for the lists of generated pages.
	docOfMap map[uintptr]*content.Document
	// postRank is each post's place, oldest first, by its map's identity,
	// so a tag change can patch site.tags instead of grouping again.
	postRank map[uintptr]int
	// planDocs and planPages are the documents' and pages' pages of the
	// last plan, genPages the pages generated from them.
	planDocs, planPages, genPages []*page
	// unwritten are the documents of collections with output: false.
	// Jekyll renders them too, without writing them, so a page that
	// shows one's content gets it converted; they are never written.
	unwritten []*page
	// emit receives each rendered output; by default it is written.
	emit func(p *page, data []byte) error
	// styles compiles the stylesheets (see stylesheets.go).
	styles *stylesheets
	// wiki is the link graph of the last plan (wikilinks.go).
	wiki *wikiState
	// search is the search index and the files it wrote (search_build.go).
	search *searchState
	// wikiIndex is site.wiki_index at the last plan; wikiIndexMoved says
	// it changed since the pages were rendered (see setWikiIndex).
	wikiIndex               any
	planned, wikiIndexMoved bool
	// mdWikiLinks says the markdownify filter has made a wiki link.
	mdWikiLinks atomic.Bool
}

func newEngine(s *content.Site, out *output) *engine {
	b := &engine{site: s, out: out, styles: &stylesheets{}, github: githubMetadata(s)}
	b.md, b.mdErr = newConverter(s, wiki.Extension)
	b.tpl = newTemplates(s, b.markdownify)
	b.emit = func(p *page, data []byte) error { return out.write(p.dest, data) }
	return b
}

// renderAll plans, converts and renders every page and copies every
// static file. It returns the pages rendered, with what each read.
func (b *engine) renderAll(ctx context.Context, progress func(int, int), planned func([]*page, []*content.StaticFile) ([]*page, error)) ([]*page, *Result, error) {
	s := b.site
	if b.mdErr != nil {
		return nil, nil, b.mdErr
	}
	b.parseLayouts()
	docs, pages := b.plan()
	b.mapPages(docs)
	total := len(docs) + len(pages) + len(s.Static)
	var done atomic.Int64
	tick := func() {
		if progress != nil {
			progress(int(done.Add(1)), total)
		}
	}

	// Posts and documents are converted first: pages and listings show
	// their content and excerpts. A failed post does not stop the pages:
	// every error is reported in one run, and nothing is written unless
	// all succeed.
	convertErr := b.convertAll(ctx, append(docs[:len(docs):len(docs)], b.unwritten...))
	if ctx.Err() != nil {
		return nil, nil, ctx.Err()
	}
	all, err := b.finishPlan(docs, pages, planned)
	if err != nil {
		return nil, nil, err
	}
	total = len(all) + len(s.Static)
	search := b.searchOn()
	if err := b.parallel(ctx, len(all)+len(s.Static), false, func(i int, w *worker) error {
		defer tick()
		if i >= len(all) {
			return b.out.copyStatic(s, s.Static[i-len(all)])
		}
		p := all[i]
		if b.failed[p.path] {
			return nil
		}
		if err := safely(p.path, func() error { return b.renderPage(p, w) }); err != nil {
			return err
		}
		if search {
			// Read for the search index while the page is at hand and
			// the other workers render: the index's reading is then no
			// step of its own at the end.
			if d, ok := searchDoc(p); ok {
				p.searchRead = w.search.Read(d)
			}
		}
		return nil
	}); err != nil || convertErr != nil {
		return nil, nil, errors.Join(convertErr, err)
	}
	if _, _, err := b.writeSearch(all, false); err != nil {
		return nil, nil, err
	}
	r := &Result{Pages: len(all), Static: len(s.Static), Warnings: b.tpl.Warnings()}
	if b.wiki != nil {
		r.Warnings = append(r.Warnings, b.wiki.warnings...)
		r.BrokenLinks = b.wiki.broken
	}
	return all, r, nil
}

// convertAll converts posts and documents on all cores. While they
// convert, no map another conversion can read is written: each sees
// every document's content and excerpt as its source (see docValue).
// The results go into the maps once all are done, in order.
func (b *engine) convertAll(ctx context.Context, docs []*page) error {
	err := b.parallel(ctx, len(docs), true, func(i int, w *worker) error {
		p := docs[i]
		if b.failed[p.path] {
			return nil
		}
		p.conv = &deps.Reads{}
		w.start(p, p.conv)
		return safely(p.path, func() error { return b.convert(p, &w.buf) })
	})
	for _, p := range docs {
		p.data["content"] = p.converted
		if p.hasExcerpt {
			p.data["excerpt"] = p.excerpt
		}
	}
	return err
}

// mapPages indexes the pages of posts and documents by their maps'
// identity, for the documents' values of Liquid.
func (b *engine) mapPages(docs []*page) {
	b.pageOfMap = make(map[uintptr]*page, len(docs)+len(b.unwritten))
	for _, p := range docs {
		b.pageOfMap[mapID(p.data)] = p
	}
	for _, p := range b.unwritten {
		b.pageOfMap[mapID(p.data)] = p
	}
}

// finishPlan links posts to their neighbours and adds the generated
// pages, once every post is converted.
func (b *engine) finishPlan(docs, pages []*page, planned func([]*page, []*content.StaticFile) ([]*page, error)) ([]*page, error) {
	b.finishDocs(docs)
	b.docOfMap = make(map[uintptr]*content.Document, len(docs))
	b.postRank = make(map[uintptr]int, len(b.site.Posts))
	for i, p := range docs {
		b.docOfMap[mapID(p.data)] = p.doc
		if p.doc.IsPost() {
			b.postRank[mapID(p.data)] = i
		}
	}
	b.planDocs, b.planPages = docs, pages
	if err := b.linkWiki(docs, pages); err != nil {
		return nil, err
	}
	all := b.withGenerated()
	if b.genErr != nil {
		return nil, b.genErr
	}
	return planned(all, b.site.Static)
}

// withGenerated makes the generated pages of the planned documents and
// pages, and returns all of them in order.
func (b *engine) withGenerated() []*page {
	docs, pages := b.planDocs, b.planPages
	b.paginated = map[*content.Document]bool{}
	b.genPages = b.generated(docs, pages)
	all := make([]*page, 0, len(docs)+len(pages)+len(b.genPages))
	all = append(all, docs...)
	for _, p := range pages {
		// The paginated copies replace the index page itself.
		if !b.paginated[p.doc] || p.paginator != nil {
			all = append(all, p)
		}
	}
	return append(all, b.genPages...)
}

// renderPage renders one page through its layouts and writes it.
func (b *engine) renderPage(p *page, w *worker) error {
	p.reads = &deps.Reads{}
	w.start(p, p.reads)
	buf := &w.buf
	if p.raw != nil {
		data, err := p.raw()
		if err != nil {
			return fmt.Errorf("%s: %w", p.path, err)
		}
		p.hash = hashBytes(data)
		return b.emit(p, data)
	}
	if p.doc == nil || p.doc.Collection == "" {
		// Other pages read this one's map (site.pages, the sitemap) while
		// it renders: its content goes into a copy of its own.
		p.own = maps.Clone(p.data)
		defer func() { p.own = nil }()
		if err := b.convert(p, buf); err != nil {
			return err
		}
	}
	if err := b.applyLayouts(p, buf); err != nil {
		return err
	}
	out := b.postRender(p, buf.Bytes())
	p.hash = hashBytes(out)
	return b.emit(p, out)
}

// safely turns a panic in a template library into an error naming the
// file being rendered, so one bad template cannot crash the build.
func safely(file string, fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &content.FileError{File: file, Err: fmt.Errorf("liquid: %v", r)}
		}
	}()
	return fn()
}

// parallel runs fn for 0..n-1 on all cores, each goroutine with a worker
// of its own. Every error is collected; they are returned sorted and
// joined.
func (b *engine) parallel(ctx context.Context, n int, converting bool, fn func(i int, w *worker) error) error {
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
		next atomic.Int64
	)
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &worker{e: b, converting: converting}
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				w.buf.Reset()
				if err := fn(i, w); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return joinSorted(errs)
}

// joinSorted joins errors in the order of their messages, which start
// with file:line, so a build's report does not depend on scheduling.
func joinSorted(errs []error) error {
	errs = aggregate(errs)
	return errors.Join(errs...)
}

// parseLayouts parses every layout once. A layout that does not parse
// fails only the pages that use it, as in Jekyll, which parses a layout
// when a page first needs it: its error is kept in layoutErrs.
func (b *engine) parseLayouts() {
	b.layouts = make(map[string]*liquid.Template, len(b.site.Layouts))
	b.layoutErrs = map[string]error{}
	for name, l := range b.site.Layouts {
		t, err := b.tpl.Parse(l.Body, l.Path, l.BodyLine)
		if err != nil {
			b.layoutErrs[name] = err
			continue
		}
		b.layouts[name] = t
	}
}

// convert renders a page's body: Liquid, then Markdown.
func (b *engine) convert(p *page, buf *bytes.Buffer) error {
	var links *wiki.Result
	out, err := b.renderBody(p, p.body, buf, &links)
	if err != nil {
		return err
	}
	if p.doc != nil && p.doc.Sass {
		if out, err = b.compileSass(p, out); err != nil {
			return err
		}
	}
	p.converted = b.converted(p, out, links)
	if p.doc != nil && p.doc.Collection != "" {
		// Other conversions may be reading this document's map: the
		// results go in once all are done (see convertAll).
		return b.convertExcerpt(p, buf)
	}
	p.vars()["content"] = p.converted
	return nil
}

// convertExcerpt renders a post's excerpt, unless its front matter
// gives one: the body up to the excerpt separator, through Liquid and
// Markdown.
func (b *engine) convertExcerpt(p *page, buf *bytes.Buffer) error {
	p.excerpt, p.hasExcerpt = "", false
	if _, ok := p.doc.Data["excerpt"]; ok {
		return nil
	}
	p.hasExcerpt = true
	sep := b.excerptSeparator(p)
	if sep == "" {
		return nil
	}
	out, err := b.renderBody(p, []byte(content.ExtractExcerpt(string(p.body), sep)), buf, nil)
	if err != nil {
		return err
	}
	p.excerpt = out
	return nil
}

func (b *engine) excerptSeparator(p *page) string {
	if s, ok := p.doc.Data["excerpt_separator"].(string); ok {
		return s
	}
	return b.site.Config.ExcerptSeparator
}

// rawExcerpt is a post's excerpt before conversion: the front matter's,
// or the source up to the separator.
func (b *engine) rawExcerpt(p *page) any {
	if v, ok := p.doc.Data["excerpt"]; ok {
		return v
	}
	sep := b.excerptSeparator(p)
	if sep == "" {
		return ""
	}
	return content.ExtractExcerpt(string(p.body), sep)
}

// renderBody renders src, the page's body or a part of it, through Liquid
// (when the page allows it and src has any) and Markdown (when the page is
// Markdown). buf is scratch space; links, when not nil, receives the
// links of the Markdown.
func (b *engine) renderBody(p *page, src []byte, buf *bytes.Buffer, links **wiki.Result) (string, error) {
	buf.Reset()
	if p.liquid && liquid.HasLiquid(src) {
		tpl, err := b.tpl.Parse(src, p.path, p.bodyLine)
		if err != nil {
			return "", err
		}
		if err := b.tpl.Render(buf, tpl, b.bindings(p, nil), p.path); err != nil {
			return "", onPage(err, p.path)
		}
		src = bytes.Clone(buf.Bytes())
		buf.Reset()
	}
	if !p.markdown {
		return string(src), nil
	}
	found, err := b.convertMarkdown(buf, src)
	if err != nil {
		return "", &content.FileError{File: p.path, Err: fmt.Errorf("markdown: %w", err)}
	}
	if links != nil {
		*links = found
	}
	out := buf.String()
	buf.Reset()
	return out, nil
}

// applyLayouts wraps the converted content in the page's layout chain.
func (b *engine) applyLayouts(p *page, buf *bytes.Buffer) error {
	buf.Reset()
	buf.WriteString(p.converted)
	name := p.layout
	layoutData := map[string]any{}
	for seen := 0; name != "" && seen < 32; seen++ {
		l := b.site.Layouts[name]
		tpl := b.layouts[name]
		if err := b.layoutErrs[name]; err != nil {
			return fmt.Errorf("%w (rendering %s)", err, p.path)
		}
		if l == nil || tpl == nil {
			return &content.FileError{File: p.path, Err: fmt.Errorf("layout %q not found", name)}
		}
		p.cur.Layout(name)
		for k, v := range l.Data {
			if _, ok := layoutData[k]; !ok {
				layoutData[k] = v
			}
		}
		bindings := b.bindings(p, layoutData)
		bindings["content"] = buf.String()
		buf.Reset()
		if err := b.tpl.Render(buf, tpl, bindings, l.Path); err != nil {
			return fmt.Errorf("%w (rendering %s)", err, p.path)
		}
		name = l.Parent
	}
	if b.mdWikiLinks.Load() && bytes.Contains(buf.Bytes(), []byte(`class="wikilink`)) {
		p.cur.Key(wikiKey) // markdownify made wiki links (see markdownify)
	}
	return nil
}

// bindings are the variables of one render. The top-level map is new each
// time because Liquid's assign writes into it.
func (b *engine) bindings(p *page, layout map[string]any) map[string]any {
	var self *page
	if p.doc != nil && p.doc.Collection != "" {
		self = p
	}
	m := map[string]any{
		"site":   siteValue{b.siteMap, b.derived, p.w},
		"page":   docValue{m: p.vars(), p: self, w: p.w, own: true},
		"jekyll": jekyllVars,
		depsKey:  p.cur,
	}
	if p.paginator != nil {
		m["paginator"] = docValue{m: p.paginator, w: p.w, own: true}
	}
	if layout != nil {
		m["layout"] = layout
	}
	return m
}

var jekyllVars = map[string]any{"version": "4.3.2", "environment": "production"}

// checkDuplicates reports output paths that two sources would write.
func checkDuplicates(pages []*page, static []*content.StaticFile) ([]*page, error) {
	seen := make(map[string]string, len(pages)+len(static))
	var errs []error
	for _, p := range pages {
		if prev, ok := seen[p.dest]; ok {
			errs = append(errs, fmt.Errorf("%s and %s both write %s", prev, p.path, p.dest))
			continue
		}
		seen[p.dest] = p.path
	}
	for _, f := range static {
		if prev, ok := seen[f.Dest]; ok {
			errs = append(errs, fmt.Errorf("%s and %s both write %s", prev, f.Path, f.Dest))
		}
	}
	return pages, errors.Join(errs...)
}
